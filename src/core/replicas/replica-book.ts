/**
 * What a node knows of who holds the posts it tracks (its own; issue 15): per post, each holder's
 * last self-report and when it was last seen holding (a proof in sync, a store report, a push it
 * accepted). A holder not seen within `dropAfterMs` has dropped off. Bounded: at most
 * REPLICA_LIMITS.holdersTracked holders per post; reports are taken only if newer than the last.
 */
import { ReplayedReportError, TooLargeError } from '../errors.ts'
import type { Millis, NodeId, PostId, Signed, Verified } from '../model/index.ts'
import type { HoldingReport } from './holding-report.ts'
import { REPLICA_DEFAULTS, REPLICA_LIMITS } from './limits.ts'

/** One holder of one post, as this node knows it. */
export interface HolderState {
  node: NodeId
  /** False once it reported a delete or answered that it no longer holds the post. */
  held: boolean
  /** `at` of the last self-report taken from it (replay protection), 0 if none. */
  reportAt: Millis
  /** When it was last seen holding the post. */
  seenAt: Millis
}

/** A tracked post's redundancy now. */
export interface RedundancyStatus {
  live: number
  target: number
  low: boolean
}

/** Options of a ReplicaBook. */
export interface ReplicaBookOptions {
  target?: number
  dropAfterMs?: number
  /** Called after every change of a post's holders (persist it, refresh the UI). */
  onChange?: (post: PostId, holders: readonly HolderState[]) => void
}

/** The tunable part of a book: how many live holders, and when one has dropped off. */
export interface ReplicaPolicy {
  target: number
  dropAfterMs: number
}

interface Tracked {
  author: NodeId
  holders: Map<NodeId, HolderState>
}

/** Holders of tracked posts; see the file comment. */
export class ReplicaBook {
  private policy: ReplicaPolicy
  private readonly posts = new Map<PostId, Tracked>()
  private readonly byHolder = new Map<NodeId, Set<PostId>>()
  private readonly onChange: ReplicaBookOptions['onChange']

  constructor(options: ReplicaBookOptions = {}) {
    this.policy = {
      target: options.target ?? REPLICA_DEFAULTS.target,
      dropAfterMs: options.dropAfterMs ?? REPLICA_DEFAULTS.dropAfterMs,
    }
    this.onChange = options.onChange
  }

  /** Live holders a post should have. */
  get target(): number {
    return this.policy.target
  }

  /** A holder not seen within this time has dropped off. */
  get dropAfterMs(): number {
    return this.policy.dropAfterMs
  }

  /** Changes the target and the drop-off time (the node's replica settings); applies at once. */
  retune(policy: ReplicaPolicy): void {
    this.policy = { ...policy }
  }

  /** Starts tracking `post` by `author` (idempotent), optionally with holders loaded from storage. */
  track(post: PostId, author: NodeId, holders: readonly HolderState[] = []): void {
    if (!this.posts.has(post)) this.posts.set(post, { author, holders: new Map() })
    const tracked = this.posts.get(post) as Tracked
    for (const h of holders.slice(0, REPLICA_LIMITS.holdersTracked)) {
      tracked.holders.set(h.node, { ...h })
      this.index(h.node, post)
    }
  }

  /** Stops tracking `post` (deleted). */
  forget(post: PostId): void {
    const tracked = this.posts.get(post)
    if (tracked === undefined) return
    for (const node of tracked.holders.keys()) this.byHolder.get(node)?.delete(post)
    this.posts.delete(post)
  }

  /** True if this node tracks `post`. */
  tracks(post: PostId): boolean {
    return this.posts.has(post)
  }

  /** Every tracked post id. */
  trackedPosts(): PostId[] {
    return [...this.posts.keys()]
  }

  /** The author of a tracked post. */
  authorOf(post: PostId): NodeId | undefined {
    return this.posts.get(post)?.author
  }

  /**
   * Takes a verified self-report for a tracked post; false if the post is not tracked or names
   * another author. Errors: ReplayedReportError (not newer than the last report of this holder),
   * TooLargeError (a new holder beyond holdersTracked).
   */
  applyReport(report: Verified<Signed<HoldingReport>>, now: Millis): boolean {
    const r = report.record
    const tracked = this.posts.get(r.post_id)
    if (tracked === undefined || tracked.author !== r.author) return false
    const state = tracked.holders.get(r.holder)
    if (state !== undefined && r.at <= state.reportAt)
      throw new ReplayedReportError('a report not newer than the last one of this holder')
    const next = this.holder(tracked, r.post_id, r.holder)
    next.reportAt = r.at
    next.held = r.held
    if (r.held) next.seenAt = Math.max(next.seenAt, Math.min(r.at, now))
    this.changed(r.post_id, tracked)
    return true
  }

  /** Records what a proof in sync showed: `node` holds (or no longer holds) a tracked post. */
  recordProof(node: NodeId, post: PostId, held: boolean, now: Millis): void {
    const tracked = this.posts.get(post)
    if (tracked === undefined || node === tracked.author) return
    if (!held && !tracked.holders.has(node)) return
    const state = this.holder(tracked, post, node)
    state.held = held
    if (held) state.seenAt = Math.max(state.seenAt, now)
    this.changed(post, tracked)
  }

  /** Records that `node` accepted a pushed copy (restoration). */
  addHolder(node: NodeId, post: PostId, now: Millis): void {
    this.recordProof(node, post, true, now)
  }

  /** Holders seen holding `post` within `dropAfterMs`. */
  liveHolders(post: PostId, now: Millis): NodeId[] {
    const tracked = this.posts.get(post)
    if (tracked === undefined) return []
    return [...tracked.holders.values()].filter((h) => this.isLive(h, now)).map((h) => h.node)
  }

  /** Every holder this node has heard of for `post`, live or not. */
  holders(post: PostId): readonly HolderState[] {
    return [...(this.posts.get(post)?.holders.values() ?? [])].map((h) => ({ ...h }))
  }

  /** Redundancy of a tracked post now. */
  status(post: PostId, now: Millis): RedundancyStatus {
    const live = this.liveHolders(post, now).length
    return { live, target: this.target, low: live < this.target }
  }

  /** Tracked posts with fewer live holders than the target. */
  lowPosts(now: Millis): PostId[] {
    return this.trackedPosts().filter((p) => this.status(p, now).low)
  }

  /** Up to `max` posts `node` is believed to hold, least recently seen first (what to ask it next). */
  probeFor(node: NodeId, max: number): PostId[] {
    const posts = [...(this.byHolder.get(node) ?? [])]
    const seen = (p: PostId) => this.posts.get(p)?.holders.get(node)
    return posts
      .filter((p) => seen(p)?.held === true)
      .sort((a, b) => (seen(a)?.seenAt ?? 0) - (seen(b)?.seenAt ?? 0))
      .slice(0, max)
  }

  private isLive(h: HolderState, now: Millis): boolean {
    return h.held && now - h.seenAt <= this.dropAfterMs
  }

  private holder(tracked: Tracked, post: PostId, node: NodeId): HolderState {
    const state = tracked.holders.get(node)
    if (state !== undefined) return state
    if (tracked.holders.size >= REPLICA_LIMITS.holdersTracked)
      throw new TooLargeError(`at most ${REPLICA_LIMITS.holdersTracked} holders tracked per post`)
    const fresh: HolderState = { node, held: false, reportAt: 0, seenAt: 0 }
    tracked.holders.set(node, fresh)
    this.index(node, post)
    return fresh
  }

  private index(node: NodeId, post: PostId): void {
    const set = this.byHolder.get(node) ?? new Set<PostId>()
    set.add(post)
    this.byHolder.set(node, set)
  }

  private changed(post: PostId, tracked: Tracked): void {
    this.onChange?.(
      post,
      [...tracked.holders.values()].map((h) => ({ ...h })),
    )
  }
}
