/**
 * The pulling side of `/distsoc/sync/1.0.0` (docs/design.md §5, seed C-2). Turns:
 *   R: hello (≤ 1,000 wanted authors, a fingerprint of everything held of each)
 *   S: ranges for differing authors, pushed items R lacks, over
 *   R: ranges, want (ids S listed that R lacks), want-blobs, over     … until nothing is left
 *   R: the next hello for the next ≤ 1,000 authors, answered as the first …
 *   R: done — then both close; R reads to the end.
 * Posts come in batches (`storePosts`: what arrived together, verified in parallel, stored with one
 * `putPosts`, issue 12), other items one by one (`handleItem`): an invalid or refused item (bad signature, id
 * mismatch, far-future date, non-author delete, not asked for, over the admission budget) is
 * skipped, counted by reason, reported to `onReject`, and the session goes on. Only faults of the
 * conversation itself (bad frames, broken bounds, timeouts) abort it, with a stream reset.
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { encode } from 'cborg'
import {
  DistsocError,
  errorFromData,
  ForeignDeleteError,
  IdMismatchError,
  MalformedError,
  SyncAbortedError,
  SyncBackoffError,
  TooLargeError,
  UnexpectedFrameError,
  UnknownParentError,
  ValidationError,
} from '../errors.ts'
import {
  type BlobId,
  LIMITS,
  type Millis,
  type NodeId,
  type PostId,
  type SignedPost,
  type Verified,
} from '../model/index.ts'
import { AdmissionBudget, type AdmissionPolicy, type AdmissionSession } from './admission.ts'
import { type AuthorSet, loadAuthorSet, postItems, postKeyOf } from './author-set.ts'
import { type ByteStream, defaultTimers, FrameChannel } from './channel.ts'
import { FRAME_LIMITS, type Frame } from './frames.ts'
import { packIds, packRanges } from './packing.ts'
import { decodeRanges, encodeRanges, type WireRange } from './range-wire.ts'
import {
  compareItems,
  hexKey,
  lowerBound,
  openingMessage,
  reconcileStep,
  type SyncItem,
} from './reconcile.ts'
import {
  FUTURE_HOLD_MS,
  type LivenessProbe,
  type RequesterOptions,
  SESSION_DEFAULTS,
  type SyncResult,
  silentSyncLogger,
  zeroCounts,
} from './session-options.ts'
import type { SyncStore } from './sync-store.ts'

/** Most posts verified and stored together (issue 12: one transaction and log entry per batch). */
export const POST_BATCH = 512
/** How long a batch waits for the next frame before it is stored (frames of a burst come together). */
const BATCH_WAIT_MS = 4

/** Runs a pulling session over `stream`; resolves with what was stored and what was skipped. */
export async function runRequester(stream: ByteStream, options: RequesterOptions): Promise<SyncResult> {
  if (new Set(options.wants).size > SESSION_DEFAULTS.maxAuthors) {
    throw new ValidationError(`at most ${SESSION_DEFAULTS.maxAuthors} authors per session`)
  }
  const channel = new FrameChannel(stream, {
    timeoutMs: options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs,
    deadlineMs: options.deadlineMs ?? SESSION_DEFAULTS.deadlineMs,
    ...(options.timers === undefined ? {} : { timers: options.timers }),
  })
  let session: RequesterSession | undefined
  try {
    session = new RequesterSession(channel, options)
    const result = await session.run()
    session.progress(true)
    return result
  } catch (err) {
    session?.progress(true)
    if (err instanceof DistsocError && err.name !== 'SyncTimeoutError') options.onReject?.(err.name)
    await sendError(channel, err)
    channel.abort(err instanceof Error ? err : new SyncAbortedError('session failed'))
    throw err
  } finally {
    channel.finish()
  }
}

/** Best-effort `error` frame before a reset. */
export async function sendError(channel: FrameChannel, err: unknown): Promise<void> {
  const name = err instanceof Error ? err.name.slice(0, FRAME_LIMITS.errorNameChars) : 'Error'
  const message = err instanceof Error ? err.message.slice(0, 200) : ''
  await Promise.race([channel.send({ type: 'error', name, message }).catch(() => {}), Promise.resolve()])
}

/** A frame that carries one item. */
export type ItemFrame = Extract<Frame, { type: 'post' | 'profile' | 'profile-version' | 'delete' | 'blob' }>

/** Errors that end the session even when raised while handling one item: they are not the item's. */
const SESSION_FAULTS: ReadonlySet<string> = new Set([
  'SyncAbortedError',
  'SyncTimeoutError',
  'StorageWriteError',
  'CorruptStorageError',
  'ConstraintError',
  'NoIdentityError',
  // a peer in cool-down brought more refused items than it may: the session is cut
  'SyncBackoffError',
  // an anchor's quota: the session ends with an `error` frame, so the sender sees the refusal
  'MailboxQuotaExceededError',
])

/** True if `err` condemns one item only: skip it and go on. */
function isItemFault(err: unknown): err is DistsocError {
  return err instanceof DistsocError && !SESSION_FAULTS.has(err.name)
}

/**
 * The ids among `keys` their author deleted: the store's batch lookup (one query per received
 * batch, issue 12), or `isTombstoned` for each where it has none. Same answer either way.
 */
export async function tombstonedAmong(
  store: SyncStore,
  keys: readonly { author: NodeId; id: PostId }[],
): Promise<ReadonlySet<PostId>> {
  if (keys.length === 0) return new Set()
  if (store.tombstonedAmong !== undefined) return store.tombstonedAmong(keys)
  const out = new Set<PostId>()
  for (const { author, id } of keys) if (await store.isTombstoned(author, id)) out.add(id)
  return out
}

/** Splits `list` into chunks of at most `size`. */
function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

class RequesterSession {
  private readonly channel: FrameChannel
  private readonly options: RequesterOptions
  private readonly result: SyncResult = {
    received: zeroCounts(),
    rejected: 0,
    skipped: {},
    deferred: 0,
    bytesIn: 0,
    bytesOut: 0,
    roundTrips: 0,
  }
  private readonly batches: NodeId[][]
  private readonly policy: AdmissionPolicy
  private readonly admission: AdmissionSession
  private wanted: ReadonlySet<NodeId> = new Set()
  private sets = new Map<string, AuthorSet>()
  private readonly dirty = new Set<AuthorSet>()
  private readonly requestedBlobs = new Set<string>()
  private readonly blobsToWant = new Set<string>()
  private readonly lower
  private items = 0
  private refusals = 0
  private readonly batchSize: number
  private wantedPosts = 0
  private batch: Extract<Frame, { type: 'post' }>[] = []
  /** The probe this session's `check` sent, until its `held` answer arrives. */
  private probe: LivenessProbe | undefined
  /** `options.ready`, until the first frame waited for it. */
  private ready: PromiseLike<unknown> | undefined
  /** The responder's replica maps (once per session, issue 15), handed on when the posts are in. */
  private maps: Record<string, unknown>[] | undefined

  constructor(channel: FrameChannel, options: RequesterOptions) {
    this.channel = channel
    this.options = options
    this.batches = chunks([...new Set(options.wants)], FRAME_LIMITS.authorsPerHello)
    if (this.batches.length === 0) this.batches.push([])
    this.lower = lowerBound(options.since ?? 0)
    // a session in cool-down checks its refusals after every few posts, not every 512
    this.batchSize =
      options.maxRefusals === undefined ? POST_BATCH : Math.min(POST_BATCH, Math.max(1, options.maxRefusals))
    this.ready = options.ready
    this.policy = options.admission ?? new AdmissionBudget()
    this.admission = this.policy.session()
  }

  async run(): Promise<SyncResult> {
    const log = this.options.logger ?? silentSyncLogger
    await this.sendCheck()
    for (const batch of this.batches) await this.reconcileBatch(batch)
    await this.deliverMaps()
    await this.channel.send({ type: 'done' })
    await this.channel.close()
    const trailing = await this.channel.next()
    if (trailing !== undefined) throw new UnexpectedFrameError(`${trailing.type} after done`)
    this.result.bytesIn = this.channel.bytesIn
    this.result.bytesOut = this.channel.bytesOut
    log.debug('sync:requester:done', {
      rounds: this.result.roundTrips,
      posts: this.result.received.posts,
      skipped: Object.values(this.result.skipped).reduce((a, b) => a + b, 0),
    })
    return this.result
  }

  /** The liveness `check` (issue 15), before the first hello, when the node has one for this peer. */
  private async sendCheck(): Promise<void> {
    const { liveness, peer } = this.options
    if (liveness?.check === undefined || peer === undefined) return
    const check = await liveness.check(peer)
    const reports = check?.reports?.slice(0, FRAME_LIMITS.reportsPerCheck) ?? []
    const probe =
      check?.probe === undefined || check.probe.ids.length === 0
        ? undefined
        : { nonce: check.probe.nonce, ids: check.probe.ids.slice(0, FRAME_LIMITS.idsPerProbe) }
    if (probe === undefined && reports.length === 0) return
    this.probe = probe
    await this.channel.send({
      type: 'check',
      ...(probe === undefined ? {} : { probe: [probe.nonce, probe.ids] as [Uint8Array, Uint8Array[]] }),
      ...(reports.length === 0 ? {} : { reports }),
    })
  }

  /** The responder's answer to our probe: once, matching the nonce and the number of ids asked. */
  private async takeHeld(frame: Extract<Frame, { type: 'held' }>): Promise<void> {
    const probe = this.probe
    if (probe === undefined) throw new UnexpectedFrameError('held without a probe, or twice')
    this.probe = undefined
    const n = probe.ids.length
    if (frame.bits.length !== Math.ceil(n / 8)) throw new MalformedError('held bits do not match the probe')
    const last = frame.bits[frame.bits.length - 1] ?? 0
    if (n % 8 !== 0 && last >> (n % 8) !== 0) throw new MalformedError('held bits beyond the probe')
    if (bytesToHex(frame.nonce) !== bytesToHex(probe.nonce))
      throw new MalformedError('held answers another nonce')
    const { liveness, peer } = this.options
    if (liveness?.onHeld === undefined || peer === undefined) return
    try {
      await liveness.onHeld(peer, probe, { bits: frame.bits, tag: frame.tag })
    } catch (err) {
      this.skip(err)
    }
  }

  /** The responder's replica maps: once per session; kept until the session's posts are stored. */
  private takeMaps(frame: Extract<Frame, { type: 'maps' }>): void {
    if (this.maps !== undefined) throw new UnexpectedFrameError('maps twice in one session')
    this.maps = frame.maps
  }

  /** Hands the maps on once the posts they are about are stored; what each says is the replicas layer's to check. */
  private async deliverMaps(): Promise<void> {
    const { liveness, peer } = this.options
    if (this.maps === undefined || liveness?.onMaps === undefined || peer === undefined) return
    await liveness.onMaps(peer, this.maps)
  }

  /** One hello and its rounds, for up to FRAME_LIMITS.authorsPerHello authors. */
  private async reconcileBatch(batch: readonly NodeId[]): Promise<void> {
    this.wanted = new Set(batch)
    this.sets = new Map()
    const wants: [Uint8Array, Uint8Array][] = []
    const since = this.options.since
    for (const author of batch) {
      const set = await loadAuthorSet(this.options.store, author, undefined, since)
      this.sets.set(hexKey(set.key), set)
      const [opening] = openingMessage(set.items, this.lower)
      if (opening?.mode === 'fingerprint') wants.push([set.key, opening.fingerprint])
    }
    await this.channel.send(
      since === undefined ? { type: 'hello', v: 1, wants } : { type: 'hello', v: 1, since, wants },
    )
    const maxRounds = this.options.maxRounds ?? SESSION_DEFAULTS.maxRounds
    for (let round = 1; ; round++) {
      this.result.roundTrips++
      if (round > maxRounds) throw new SyncAbortedError(`more than ${maxRounds} rounds`)
      const incoming = await this.readTurn()
      const replies: [Uint8Array, WireRange[]][] = []
      const want: Uint8Array[] = []
      for (const [authorHex, wire] of incoming) {
        const set = this.sets.get(authorHex) as AuthorSet
        if (this.dirty.has(set)) set.items.sort(compareItems)
        const step = reconcileStep(
          set.items,
          decodeRanges(wire, this.lower),
          this.lower,
          this.options.reconcile,
        )
        if (step.reply.length > 0) replies.push([set.key, encodeRanges(step.reply, this.lower)])
        const lacking = step.weLack.map((id) => ({ author: set.author, id: bytesToHex(id) as PostId }))
        const tombstoned = await tombstonedAmong(this.options.store, lacking)
        step.weLack.forEach((id, i) => {
          if (!tombstoned.has((lacking[i] as { id: PostId }).id)) want.push(id)
        })
      }
      this.dirty.clear()
      this.wantedPosts += want.length
      const blobs = [...this.blobsToWant].map((id) => hexToBytes(id))
      for (const id of this.blobsToWant) this.requestedBlobs.add(id)
      this.blobsToWant.clear()
      if (replies.length === 0 && want.length === 0 && blobs.length === 0) return
      for (const frame of packRanges(replies)) await this.channel.send(frame)
      for (const frame of packIds('want', want)) await this.channel.send(frame)
      for (const frame of packIds('want-blobs', blobs)) await this.channel.send(frame)
      await this.channel.send({ type: 'over' })
    }
  }

  /** Reads frames up to `over`, handling items as they come; returns ranges per author. */
  private async readTurn(): Promise<Map<string, WireRange[]>> {
    const ranges = new Map<string, WireRange[]>()
    for (;;) {
      const frame = await this.nextFrame()
      if (this.ready !== undefined) {
        // read first, so the stream's reader is in place while the wait lasts
        await this.ready
        this.ready = undefined
      }
      if (frame?.type !== 'post') await this.storePosts()
      if (frame === undefined) throw new SyncAbortedError('the responder closed mid-session')
      switch (frame.type) {
        case 'over':
          return ranges
        case 'ranges':
          for (const [author, wire] of frame.entries) {
            const key = hexKey(author)
            if (!this.sets.has(key)) throw new UnexpectedFrameError('ranges for an author not asked for')
            const list = ranges.get(key) ?? []
            if (list.length + wire.length > FRAME_LIMITS.rangesPerEntry * 16) {
              throw new SyncAbortedError('too many ranges in one turn')
            }
            list.push(...wire)
            ranges.set(key, list)
          }
          break
        case 'post':
          this.countItem()
          this.batch.push(frame)
          if (this.batch.length >= this.batchSize) await this.storePosts()
          break
        case 'profile':
        case 'profile-version':
        case 'delete':
        case 'blob':
          this.countItem()
          await this.handleItem(frame)
          break
        case 'held':
          await this.takeHeld(frame)
          break
        case 'maps':
          this.takeMaps(frame)
          break
        case 'error':
          throw errorFromData({ name: frame.name, message: `remote: ${frame.message}` })
        default:
          throw new UnexpectedFrameError(`${frame.type} from the responder`)
      }
      this.checkAllowance()
    }
  }

  /** Cuts the session of a peer in cool-down once it brought more refused items than it may. */
  private checkAllowance(): void {
    const max = this.options.maxRefusals
    if (max !== undefined && this.refusals > max) {
      throw new SyncBackoffError(`more than ${max} refused items from a peer in cool-down`)
    }
  }

  /**
   * Checks and stores one item other than a post (posts go through `storePosts`); an item's own
   * fault skips it (counted, scored), never the session.
   */
  private async handleItem(frame: Exclude<ItemFrame, { type: 'post' }>): Promise<void> {
    try {
      await this.accept(frame)
    } catch (err) {
      this.skip(err)
    }
  }

  /** Counts an item's own fault (skipped, scored) or rethrows a fault of the session. */
  private skip(err: unknown): void {
    if (!isItemFault(err)) throw err
    this.result.skipped[err.name] = (this.result.skipped[err.name] ?? 0) + 1
    this.refusals++
    this.options.onReject?.(err.name)
  }

  /** The next frame; a pending batch is stored first if the next frame is not there within a moment. */
  private async nextFrame(): Promise<Frame | undefined> {
    if (this.batch.length === 0 || this.channel.buffered > 0) return this.channel.next()
    const next = this.channel.next()
    const timers = this.options.timers ?? defaultTimers
    let handle: unknown
    const late = new Promise<'late'>((resolve) => {
      handle = timers.setTimeout(() => resolve('late'), BATCH_WAIT_MS)
    })
    const first = await Promise.race([next.then((frame) => ({ frame })), late])
    timers.clearTimeout(handle)
    if (first !== 'late') return first.frame
    await this.storePosts()
    return next
  }

  /** Reports progress (the session's `onProgress`). */
  progress(done: boolean): void {
    const received = this.result.received.posts
    this.options.onProgress?.({ received, wanted: Math.max(this.wantedPosts, received), done })
  }

  /**
   * The batch of posts that arrived together: verified in parallel, then its valid new posts
   * stored with one `putPosts`. A bad post is skipped alone, as in `handleItem`.
   */
  private async storePosts(): Promise<void> {
    const frames = this.batch
    if (frames.length === 0) return
    this.batch = []
    const { store } = this.options
    const now = (this.options.now ?? Date.now)()
    const checked = await Promise.allSettled(
      frames.map(async (frame) => {
        this.checkUnsolicited(frame.post)
        return { frame, post: await this.verifyOrDefer(frame.post, now) }
      }),
    )
    const fresh: { post: Verified<SignedPost>; set: AuthorSet; items: readonly SyncItem[] }[] = []
    const inBatch = new Set<PostId>()
    const batchPosts = new Map<PostId, SignedPost>()
    for (const outcome of checked) {
      const post = outcome.status === 'fulfilled' ? outcome.value.post : undefined
      if (post !== undefined) batchPosts.set(post.id, post)
    }
    const tombstoned = await tombstonedAmong(
      store,
      [...batchPosts.values()].map((p) => ({ author: p.post.author, id: p.id })),
    )
    for (const outcome of checked) {
      if (outcome.status === 'rejected') {
        this.skip(outcome.reason)
        continue
      }
      const { frame, post } = outcome.value
      if (post === undefined || inBatch.has(post.id)) continue
      try {
        const set = await this.setOfPost(post, batchPosts)
        const items = postItems(postKeyOf(post))
        const known = items.every((item) => set.refs.has(hexKey(item.id)))
        if (known || tombstoned.has(post.id)) {
          this.result.rejected++
          continue
        }
        if (set.refs.has(post.id)) {
          // A held post with a changed header: take the newer visibility (the store keeps the newest).
          await store.putPost(post)
          this.addItems(set, post.id, items)
          this.result.received.visibility++
          continue
        }
        const author = post.post.author
        if (this.isUnsolicited(author)) this.admission.admit(author, encode(frame.post).length)
        inBatch.add(post.id)
        fresh.push({ post, set, items })
      } catch (err) {
        this.skip(err)
      }
    }
    const refused = await this.putPosts(fresh.map((f) => f.post))
    for (const [i, { post, set, items }] of fresh.entries()) {
      const error = refused[i]
      if (error !== undefined) {
        this.skip(error)
        continue
      }
      this.addItems(set, post.id, items)
      this.result.received.posts++
      for (const attachment of post.post.attachments) await this.wantBlob(attachment.blob)
    }
    this.progress(false)
  }

  /** The store's batch write, or one `putPost` after another where it has none. */
  private async putPosts(posts: Verified<SignedPost>[]): Promise<readonly (Error | undefined)[]> {
    const { store } = this.options
    if (posts.length === 0) return []
    if (store.putPosts !== undefined) return store.putPosts(posts)
    const refused: (Error | undefined)[] = []
    for (const post of posts) {
      try {
        await store.putPost(post)
        refused.push(undefined)
      } catch (err) {
        if (!isItemFault(err)) throw err
        refused.push(err)
      }
    }
    return refused
  }

  private countItem(): void {
    this.items++
    if (this.items > (this.options.maxItems ?? SESSION_DEFAULTS.maxItems)) {
      throw new SyncAbortedError('too many items in one session')
    }
  }

  private addressedToWanted(post: SignedPost | undefined): boolean {
    return (
      post?.visibility.type === 'encrypted' &&
      post.visibility.recipients.some((r) => this.wanted.has(r.recipient))
    )
  }

  private setOf(author: NodeId, what: string): AuthorSet {
    if (this.wanted.has(author)) {
      for (const set of this.sets.values()) if (set.author === author) return set
    }
    throw new UnexpectedFrameError(`${what} of an author not asked for`)
  }

  /** Adds a stored post's items to `set`, which is then re-fingerprinted. */
  private addItems(set: AuthorSet, id: PostId, items: readonly SyncItem[]): void {
    for (const item of items) {
      const hex = hexKey(item.id)
      if (set.refs.has(hex)) continue
      set.refs.set(hex, { kind: 'post', id })
      set.items.push(item)
    }
    this.dirty.add(set)
  }

  /**
   * The set a post belongs to: its author's if wanted; else that of a wanted recipient (an
   * encrypted post addressed to them) or of the wanted author of the post it replies to (a public
   * reply travels in the parent author's set, issue 16). `batch` holds posts of this batch by id.
   */
  private async setOfPost(post: SignedPost, batch: ReadonlyMap<PostId, SignedPost>): Promise<AuthorSet> {
    const author = post.post.author
    if (this.wanted.has(author)) return this.setOf(author, 'post')
    if (post.visibility.type === 'encrypted') {
      const recipient = post.visibility.recipients.find((r) => this.wanted.has(r.recipient))
      return this.setOf(recipient?.recipient ?? author, 'post')
    }
    if (post.visibility.type === 'group') {
      // a group post travels in its members' sets; who they are is the group log's (issue 14)
      const members = this.options.verifier.groupMembers?.(post) ?? []
      return this.setOf(members.find((m) => this.wanted.has(m)) ?? author, 'post')
    }
    const parentId = post.post.reply_to
    if (parentId === undefined) return this.setOf(author, 'post')
    const parent = batch.get(parentId) ?? (await this.options.store.getPosts([parentId]))[0]
    if (parent === undefined)
      throw new UnknownParentError('a reply to a post not held, from an author not asked for')
    return this.setOf(parent.post.author, 'reply')
  }

  private async wantBlob(id: BlobId | undefined): Promise<void> {
    if (id === undefined || this.requestedBlobs.has(id)) return
    if (!(await this.options.store.hasBlob(id))) this.blobsToWant.add(id)
  }

  /** Verifies a post; one dated a little too far ahead is left for later (undefined). */
  private async verifyOrDefer(candidate: unknown, now: Millis): Promise<Verified<SignedPost> | undefined> {
    const { verifier } = this.options
    try {
      return await verifier.verifyPost(candidate, now)
    } catch (err) {
      if (!(err instanceof DistsocError) || err.name !== 'FutureTimestampError') throw err
      await verifier.verifyPost(candidate, now + FUTURE_HOLD_MS - LIMITS.futureSkewMs)
      this.result.deferred++
      return undefined
    }
  }

  private isUnsolicited(author: NodeId): boolean {
    return !this.wanted.has(author) && this.policy.follows?.(author) !== true
  }

  /** Refuses an unverified post of an author not asked for once the budget is spent (no verify). */
  private checkUnsolicited(candidate: Record<string, unknown>): void {
    const post = candidate['post']
    const author =
      typeof post === 'object' && post !== null ? (post as Record<string, unknown>)['author'] : undefined
    if (typeof author === 'string' && this.isUnsolicited(author as NodeId))
      this.admission.check(author as NodeId)
  }

  private async accept(frame: Exclude<ItemFrame, { type: 'post' }>): Promise<void> {
    const { store, verifier } = this.options
    const now = (this.options.now ?? Date.now)()
    if (frame.type === 'profile') {
      const profile = await verifier.verifyProfile(frame.profile, now)
      this.setOf(profile.record.author, 'profile')
      const held = await store.getProfile(profile.record.author)
      if (held !== undefined && held.record.updated_at >= profile.record.updated_at) {
        this.result.rejected++
        return
      }
      await store.putProfile(profile)
      this.result.received.profiles++
      await this.wantBlob(profile.record.avatar)
    } else if (frame.type === 'profile-version') {
      if (verifier.verifyProfileVersion === undefined || store.putProfileVersion === undefined)
        throw new UnexpectedFrameError('profile versions are not taken here')
      const version = await verifier.verifyProfileVersion(frame.version, now)
      this.setOf(version.record.author, 'profile version')
      await store.putProfileVersion(version)
      this.result.received.profiles++
    } else if (frame.type === 'delete') {
      const request = await verifier.verifyDeleteRequest(frame.delete, now)
      const { author, post_id } = request.record
      // Kept only when checked against the post it names: a holder never passes on a delete it
      // could not check, and one naming another author's post is refused (docs/design.md §4).
      const [held] = await store.getPosts([post_id])
      if (held !== undefined && held.post.author !== author) {
        throw new ForeignDeleteError("a delete of another author's post")
      }
      // Outside the author's set, a delete travels only in the set of a recipient of the post (seed D-2).
      if (!this.wanted.has(author) && !this.addressedToWanted(held)) {
        throw new UnexpectedFrameError('a delete of an author not asked for')
      }
      if (held === undefined || (await store.isTombstoned(author, post_id))) {
        this.result.rejected++
        return
      }
      await store.putDelete(request)
      this.result.received.deletes++
    } else {
      const id = bytesToHex(frame.id)
      if (!this.requestedBlobs.has(id)) throw new UnexpectedFrameError('a blob that was not asked for')
      if (frame.bytes.length > LIMITS.blobBytes) throw new TooLargeError('blob over 256 KiB')
      if (bytesToHex(blake3(frame.bytes)) !== id)
        throw new IdMismatchError('blob bytes do not hash to its id')
      this.requestedBlobs.delete(id)
      await store.putBlob(id as BlobId, frame.bytes)
      this.result.received.blobs++
    }
  }
}
