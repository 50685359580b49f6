/**
 * The restoration cascade's "followers" (issue 15, tier 2): a node keeps no follower list (follows
 * are private, docs/design.md §6), so it takes the peers that recently pulled its own posts from it
 * — a responder sees that anyway (the hello names the authors asked for) and it never leaves the
 * node. A hello names the responder only if the requester follows it or lacks its profile, so this
 * is close to "who follows me and is around". Bounded, newest first, kept in storage when given
 * one (replica-memory.ts).
 */
import type { Millis, NodeId } from '../model/index.ts'
import { PULLER_WRITE_MS, type PullerMemory } from './replica-memory.ts'

/** Peers remembered at most. */
export const RECENT_PULLERS = 256
/** How recently a peer must have pulled our posts to count as a follower in the cascade (and to be kept). */
export const FOLLOWER_WINDOW_MS = 7 * 24 * 60 * 60_000

/** Who pulled this node's posts from it, and when last. */
export class RecentPullers {
  private readonly seen = new Map<NodeId, Millis>()
  private readonly written = new Map<NodeId, Millis>()
  private readonly max: number
  private readonly memory: PullerMemory | undefined

  /**
   * With `memory`, the entries of the last `windowMs` before `now` are loaded and every change is
   * kept there (a peer's time at most once per PULLER_WRITE_MS), so a restart forgets no follower.
   */
  constructor(max = RECENT_PULLERS, memory?: { rows: PullerMemory; now: Millis; windowMs: number }) {
    this.max = max
    this.memory = memory?.rows
    if (memory === undefined) return
    for (const [peer, at] of memory.rows.load(memory.now - memory.windowMs, max)) {
      this.seen.set(peer, at)
      this.written.set(peer, at)
    }
  }

  /** `peer` pulled our posts at `at` (the oldest entry goes beyond `max`). */
  saw(peer: NodeId, at: Millis): void {
    this.seen.delete(peer)
    this.seen.set(peer, at)
    const last = this.written.get(peer)
    if (this.memory !== undefined && (last === undefined || at - last >= PULLER_WRITE_MS)) {
      this.memory.save(peer, at)
      this.written.set(peer, at)
    }
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value as NodeId
      this.seen.delete(oldest)
      this.written.delete(oldest)
      this.memory?.remove(oldest)
    }
  }

  /** Peers that pulled at or after `since`, the most recent first. */
  since(since: Millis): NodeId[] {
    return [...this.seen]
      .filter(([, at]) => at >= since)
      .sort((a, b) => b[1] - a[1])
      .map(([peer]) => peer)
  }
}
