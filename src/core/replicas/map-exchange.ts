/**
 * Replica maps travel to keyholders inside the ordinary sync (issue 15; docs/protocol/replicas.md
 * "Replica maps in sync"). When a peer pulls from an author, the author's first turn may carry a
 * `maps` frame: the signed maps of its own posts that peer could pull anyway (the sender-side
 * filter) — cleartext for a public post, sealed under the post's CEK for an encrypted one — and only
 * those whose holder list changed since they were last sent to that peer. A group post's map is
 * sealed like an encrypted post's: under its CEK, which members open with the epoch secret.
 * The receiver takes a map only from the post's author, for a post it holds, newer than the one it
 * keeps, and (sealed) only if it opens with its CEK; anything else is a typed refusal and writes
 * nothing.
 */
import {
  DistsocError,
  NotARecipientError,
  NotFoundError,
  ReplayedReportError,
  ValidationError,
} from '../errors.ts'
import type { Millis, NodeId, PostId, Signed, SignedPost, Verified } from '../model/index.ts'
import { FRAME_LIMITS } from '../sync/index.ts'
import { REPLICA_LIMITS } from './limits.ts'
import type { ReplicaBook } from './replica-book.ts'
import { type ReplicaMap, type SealedReplicaMap, verifyReplicaMap } from './replica-map.ts'
import type { MapMemory } from './replica-memory.ts'
import { openReplicaMap, sealReplicaMap } from './sealed-map.ts'

/** Peers whose sent maps are remembered (the oldest is forgotten; it is then sent its maps again). */
export const MAP_LEDGER_PEERS = 256

/** What the author side needs. */
export interface MapSenderDeps {
  me: NodeId
  book: ReplicaBook
  /** An own post, if held. */
  post(id: PostId): SignedPost | undefined
  /** Whether `requester` (wanting `wanted`) could pull `post` from us anyway. */
  mayRead(requester: NodeId, post: SignedPost, wanted: ReadonlySet<NodeId>): boolean
  /** The content key of an own encrypted post (undefined if it cannot be opened). */
  cekOf(post: SignedPost): Promise<Uint8Array | undefined>
  sign(map: ReplicaMap): Promise<Signed<ReplicaMap>>
  now(): Millis
  /** Where what was sent is remembered across a restart (replica-memory.ts); without it, in memory only. */
  memory?: MapMemory
}

/** What the keyholder side needs. */
export interface MapReceiverDeps {
  /** A held post, if any. */
  post(id: PostId): SignedPost | undefined
  /** `updated_at` of the map kept for `post`, if any. */
  keptAt(post: PostId): Millis | undefined
  /** Keeps a verified map (replacing an older one). */
  keep(map: Verified<Signed<ReplicaMap>>, holders: readonly NodeId[]): void
  /** The content key of a held encrypted post, for this node as a recipient (undefined if none). */
  cekOf(post: SignedPost): Promise<Uint8Array | undefined>
  now(): Millis
  /** A map of `peer` refused, with the error name (score, count). */
  onRefused?(peer: NodeId, reason: string): void
}

/** The held holders a post's map lists: the most recently seen first, at most holdersPerMap. */
function mapHolders(book: ReplicaBook, post: PostId): NodeId[] {
  return book
    .holders(post)
    .filter((h) => h.held)
    .sort((a, b) => b.seenAt - a.seenAt)
    .slice(0, REPLICA_LIMITS.holdersPerMap)
    .map((h) => h.node)
    .sort()
}

/** The author side: which maps to send a peer, signed (and sealed) on demand. */
export class MapSender {
  private readonly deps: MapSenderDeps
  /** Per peer: per post, the holder list last sent (joined). */
  private readonly sent = new Map<NodeId, Map<PostId, string>>()
  /** Per post: the last `updated_at` used, so a newer map is always later. */
  private readonly lastAt = new Map<PostId, Millis>()
  /**
   * Per own post: its holder list as last seen, and the stamp of its last change (kept in
   * `memory`): the time, made strictly increasing, so "every change up to stamp S was sent" holds.
   */
  private readonly lastKey = new Map<PostId, string>()
  private readonly changedAt: Map<PostId, Millis>
  private maxStamp = 0
  /** Per peer: the `synced_at` last written to `memory`. */
  private readonly syncedWritten = new Map<NodeId, Millis>()

  constructor(deps: MapSenderDeps) {
    this.deps = deps
    this.changedAt = deps.memory?.changes() ?? new Map()
    for (const at of this.changedAt.values()) this.maxStamp = Math.max(this.maxStamp, at)
    for (const id of deps.book.trackedPosts())
      if (deps.book.authorOf(id) === deps.me) this.lastKey.set(id, mapHolders(deps.book, id).join(','))
  }

  /** Up to FRAME_LIMITS.mapsPerFrame signed maps for `requester`, as CBOR-ready records. */
  async mapsFor(requester: NodeId, wanted: ReadonlySet<NodeId>): Promise<Record<string, unknown>[]> {
    const { book, me } = this.deps
    const now = this.deps.now()
    const ledger = this.ledgerOf(requester)
    const out: Record<string, unknown>[] = []
    let complete = true
    for (const id of book.trackedPosts()) {
      if (book.authorOf(id) !== me) continue
      const holders = mapHolders(book, id)
      const key = holders.join(',')
      this.noteKey(id, key, now)
      if ((ledger.get(id) ?? '') === key) continue
      if (out.length >= FRAME_LIMITS.mapsPerFrame) {
        complete = false
        continue
      }
      const post = this.deps.post(id)
      if (post === undefined) continue
      if (!this.deps.mayRead(requester, post, wanted)) continue
      const map = await this.build(post, holders)
      if (map === undefined) continue
      out.push((await this.deps.sign(map)) as unknown as Record<string, unknown>)
      ledger.set(id, key)
    }
    // every pending map sent to a peer that pulled our posts: remembered across a restart
    if (complete && wanted.has(me)) this.noteSynced(requester)
    return out
  }

  private noteKey(id: PostId, key: string, now: Millis): void {
    if ((this.lastKey.get(id) ?? '') === key) return
    this.lastKey.set(id, key)
    this.maxStamp = Math.max(now, this.maxStamp + 1)
    this.changedAt.set(id, this.maxStamp)
    this.deps.memory?.noteChange(id, this.maxStamp)
  }

  /** `peer` has been sent every change up to the latest stamp. */
  private noteSynced(peer: NodeId): void {
    const memory = this.deps.memory
    if (memory === undefined) return
    const written = this.syncedWritten.get(peer) ?? memory.syncedAt(peer)
    if (written !== undefined && written >= this.maxStamp) return // nothing new since: no write
    memory.noteSynced(peer, this.maxStamp)
    this.syncedWritten.set(peer, this.maxStamp)
  }

  private async build(post: SignedPost, holders: NodeId[]): Promise<ReplicaMap | undefined> {
    const at = Math.max(this.deps.now(), (this.lastAt.get(post.id) ?? 0) + 1)
    this.lastAt.set(post.id, at)
    const base = { author: this.deps.me, post_id: post.id, updated_at: at }
    if (post.visibility.type === 'public') return { v: 1, ...base, holders }
    const cek = await this.deps.cekOf(post)
    return cek === undefined ? undefined : sealReplicaMap(cek, base, holders)
  }

  private ledgerOf(peer: NodeId): Map<PostId, string> {
    const held = this.sent.get(peer)
    if (held !== undefined) {
      this.sent.delete(peer)
      this.sent.set(peer, held)
      return held
    }
    while (this.sent.size >= MAP_LEDGER_PEERS) {
      const oldest = this.sent.keys().next().value as NodeId
      this.sent.delete(oldest)
      this.syncedWritten.delete(oldest)
      this.deps.memory?.forgetPeer(oldest)
    }
    const fresh = new Map<PostId, string>()
    // after a restart: the maps whose holders last changed before the peer's last full send were sent
    const synced = this.deps.memory?.syncedAt(peer)
    if (synced !== undefined)
      for (const [id, key] of this.lastKey) if ((this.changedAt.get(id) ?? 0) <= synced) fresh.set(id, key)
    this.sent.set(peer, fresh)
    return fresh
  }
}

/**
 * Takes the maps `peer` sent (unverified). Each is refused on its own, with a typed error passed to
 * `onRefused` and nothing written: InvalidSignatureError (forged), ValidationError (shape, or not by
 * `peer`, or cleartext for an encrypted post / sealed for a public one), TooLargeError (oversize),
 * FutureTimestampError, NotFoundError (a post not held here), ReplayedReportError (not newer than
 * the kept map), NotARecipientError / DecryptionError (a sealed map this node cannot open).
 */
export async function receiveReplicaMaps(
  deps: MapReceiverDeps,
  peer: NodeId,
  candidates: readonly Record<string, unknown>[],
): Promise<number> {
  let kept = 0
  for (const candidate of candidates.slice(0, FRAME_LIMITS.mapsPerFrame)) {
    try {
      const map = await verifyReplicaMap(candidate, deps.now())
      const { record } = map
      if (record.author !== peer) throw new ValidationError('a peer sends only the maps of its own posts')
      const post = deps.post(record.post_id)
      if (post === undefined || post.post.author !== record.author)
        throw new NotFoundError('a map of a post not held here')
      const keptAt = deps.keptAt(record.post_id)
      if (keptAt !== undefined && record.updated_at <= keptAt)
        throw new ReplayedReportError('a replica map not newer than the one kept')
      const holders = await holdersOf(deps, post, record)
      deps.keep(map, holders)
      kept++
    } catch (err) {
      if (!(err instanceof DistsocError)) throw err
      deps.onRefused?.(peer, err.name)
    }
  }
  return kept
}

async function holdersOf(deps: MapReceiverDeps, post: SignedPost, record: ReplicaMap): Promise<NodeId[]> {
  const sealed = 'sealed' in record
  if (post.visibility.type === 'public') {
    if (sealed) throw new ValidationError('a public post’s map is cleartext')
    return record.holders
  }
  if (!sealed) throw new ValidationError('an encrypted post’s map is sealed')
  const cek = await deps.cekOf(post)
  if (cek === undefined) throw new NotARecipientError('this node cannot read the post')
  return openReplicaMap(cek, record as SealedReplicaMap)
}
