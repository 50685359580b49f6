/**
 * The restoration cascade's "followers" (issue 15, tier 2): a node keeps no follower list (follows
 * are private, docs/design.md §6), so it takes the peers that recently pulled its own posts from it
 * — a responder sees that anyway (the hello names the authors asked for) and it never leaves the
 * node. A hello names the responder only if the requester follows it or lacks its profile, so this
 * is close to "who follows me and is around". Bounded, in memory, newest first.
 */
import type { Millis, NodeId } from '../model/index.ts'

/** Peers remembered at most. */
export const RECENT_PULLERS = 256

/** Who pulled this node's posts from it, and when last. */
export class RecentPullers {
  private readonly seen = new Map<NodeId, Millis>()
  private readonly max: number

  constructor(max = RECENT_PULLERS) {
    this.max = max
  }

  /** `peer` pulled our posts at `at` (the oldest entry goes beyond `max`). */
  saw(peer: NodeId, at: Millis): void {
    this.seen.delete(peer)
    this.seen.set(peer, at)
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as NodeId)
  }

  /** Peers that pulled at or after `since`, the most recent first. */
  since(since: Millis): NodeId[] {
    return [...this.seen]
      .filter(([, at]) => at >= since)
      .sort((a, b) => b[1] - a[1])
      .map(([peer]) => peer)
  }
}
