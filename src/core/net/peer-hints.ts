/**
 * Second-hand peer knowledge (docs/design.md §6): what a peer said over `/distsoc/peers/1.0.0` about
 * itself or others, kept apart from the peers table (first-hand: connections this node made or
 * accepted) so a hint never overwrites an address or flag learnt first-hand. Held in memory,
 * bounded per sender and in senders; the least recently heard sender's hints go first, so a
 * flood of sybil senders can flush only other hints, never a first-hand entry. A hint's `anchor` flag is only what the sender claimed: it never makes a
 * peer an anchor (that comes from settings, bootstrap.json or a followed user's signed profile).
 */
import type { Millis, NodeId } from '../model/index.ts'

/** One claim about a peer, by `via`. */
export interface PeerHint {
  id: NodeId
  /** What `via` claimed: that `id` is an anchor (never trusted as such). */
  claimedAnchor: boolean
  addrs: readonly string[]
  via: NodeId
  at: Millis
}

/** Bounds of the hint table. */
export interface PeerHintsInit {
  /** Senders whose hints are kept (least recently heard from evicted first); default 64. */
  maxSenders?: number
  /** Hints kept per sender; default 64 (the peers frame's own cap). */
  maxPerSender?: number
}

/** A bounded, in-memory table of what peers said about peers. */
export class PeerHints {
  private readonly bySender = new Map<NodeId, PeerHint[]>()
  private readonly maxSenders: number
  private readonly maxPerSender: number

  constructor(init: PeerHintsInit = {}) {
    this.maxSenders = init.maxSenders ?? 64
    this.maxPerSender = init.maxPerSender ?? 64
  }

  /** Replaces everything `via` said with `hints` (at most `maxPerSender` of them). */
  replace(via: NodeId, hints: readonly Omit<PeerHint, 'via' | 'at'>[], at: Millis): void {
    this.bySender.delete(via)
    if (hints.length === 0) return
    this.bySender.set(
      via,
      hints.slice(0, this.maxPerSender).map((h) => ({ ...h, via, at })),
    )
    while (this.bySender.size > this.maxSenders) {
      const oldest = this.bySender.keys().next().value
      if (oldest === undefined) break
      this.bySender.delete(oldest)
    }
  }

  /** Every hint about `id`, newest sender first. */
  about(id: NodeId): PeerHint[] {
    return [...this.bySender.values()]
      .flat()
      .filter((h) => h.id === id)
      .reverse()
  }

  /** Forgets what `via` said. */
  forget(via: NodeId): void {
    this.bySender.delete(via)
  }

  /** Number of hints held. */
  get size(): number {
    let n = 0
    for (const list of this.bySender.values()) n += list.length
    return n
  }
}
