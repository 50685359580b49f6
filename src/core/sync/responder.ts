/**
 * The serving side of `/distsoc/sync/1.0.0` (docs/design.md §5, seed C-2). Sender-side filtering: for each
 * wanted author it reconciles only the posts it would send to this requester (`mayReveal` on the
 * keys, then `shouldSendPost` on every post before it leaves), so withheld posts are neither
 * counted nor revealed. A blob is served only if a post or profile sent in this session references
 * it, so blob ids are no oracle. A session may bring several hellos (one per ≤ 1,000 authors, at
 * most `maxAuthors` in all); only one hello's sets are held at a time, loaded from `since` on.
 * The requester's identity comes from the caller (the authenticated peer).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import {
  DistsocError,
  errorFromData,
  MalformedError,
  SyncAbortedError,
  UnexpectedFrameError,
} from '../errors.ts'
import { type BlobId, LIMITS, type NodeId, type PostId, type SignedPost } from '../model/index.ts'
import { type AuthorSet, type ItemRef, loadAuthorSet, mayReveal } from './author-set.ts'
import { type ByteStream, FrameChannel } from './channel.ts'
import { expectFrame } from './codec.ts'
import { type CheckFrame, FRAME_LIMITS, type Frame, type HelloFrame } from './frames.ts'
import { nextTask } from './next-task.ts'
import { nodeIdFromKey } from './node-id-key.ts'
import { packRanges } from './packing.ts'
import { decodeRanges, encodeRanges, RANGE_LIMITS, type WireRange } from './range-wire.ts'
import { type Bound, END, hexKey, lowerBound, type RangeItem, reconcileStep } from './reconcile.ts'
import { sendError } from './requester.ts'
import {
  type HeldAnswer,
  type ResponderOptions,
  type ResponderResult,
  SESSION_DEFAULTS,
  zeroCounts,
} from './session-options.ts'
import type { PostKey } from './sync-store.ts'

/** Most item frames encoded into one write: bounds what one write holds (64 × ≤ 64 KiB posts = 4 MiB). */
const ITEMS_PER_WRITE = 64

/** Runs a serving session over `stream` for the authenticated `options.requester`. */
export async function runResponder(stream: ByteStream, options: ResponderOptions): Promise<ResponderResult> {
  const channel = new FrameChannel(stream, {
    timeoutMs: options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs,
    deadlineMs: options.deadlineMs ?? SESSION_DEFAULTS.deadlineMs,
    maxFrameBytes: LIMITS.controlFrameBytes,
    ...(options.timers === undefined ? {} : { timers: options.timers }),
  })
  const session = new ResponderSession(channel, options)
  try {
    return await session.run()
  } catch (err) {
    if (err instanceof DistsocError && err.name !== 'SyncTimeoutError') options.onReject?.(err.name)
    await sendError(channel, err)
    channel.abort(err instanceof Error ? err : new SyncAbortedError('session failed'))
    throw err
  } finally {
    channel.finish()
  }
}

/** What the requester said in one turn. */
type Turn =
  | { kind: 'turn'; messages: Map<string, RangeItem[]>; want: Uint8Array[]; blobs: Uint8Array[] }
  | { kind: 'hello'; hello: HelloFrame }
  | { kind: 'done' }

class ResponderSession {
  private readonly channel: FrameChannel
  private readonly options: ResponderOptions
  private readonly result: ResponderResult = { sent: zeroCounts(), bytesIn: 0, bytesOut: 0, roundTrips: 0 }
  private sets = new Map<string, AuthorSet>()
  private refs = new Map<string, [AuthorSet, ItemRef]>()
  private readonly sentItems = new Set<string>()
  private readonly servableBlobs = new Set<string>()
  private wanted: ReadonlySet<NodeId> = new Set()
  private lower: Bound = lowerBound()
  private items = 0
  private authors = 0
  /** The answer to the requester's probe, sent in the first turn (issue 15). */
  private held: { nonce: Uint8Array; answer: HeldAnswer } | undefined
  /** Whether the first turn (with its replica maps, issue 15) is behind us. */
  private firstTurnDone = false

  constructor(channel: FrameChannel, options: ResponderOptions) {
    this.channel = channel
    this.options = options
  }

  async run(): Promise<ResponderResult> {
    const first = await this.channel.next()
    if (first === undefined) throw new SyncAbortedError('closed before hello')
    let opening = expectFrame(first, 'check', 'hello')
    if (opening.type === 'check') {
      await this.takeCheck(opening)
      const next = await this.channel.next()
      if (next === undefined) throw new SyncAbortedError('closed before hello')
      opening = expectFrame(next, 'hello')
    }
    let hello: HelloFrame | undefined = opening
    const maxRounds = this.options.maxRounds ?? SESSION_DEFAULTS.maxRounds
    while (hello !== undefined) {
      let turn: Turn = { kind: 'turn', messages: await this.openHello(hello), want: [], blobs: [] }
      hello = undefined
      for (let round = 1; turn.kind === 'turn'; round++) {
        this.result.roundTrips++
        if (round > maxRounds) throw new SyncAbortedError(`more than ${maxRounds} rounds`)
        await this.answer(turn.messages, turn.want, turn.blobs)
        turn = await this.readTurn()
      }
      if (turn.kind === 'hello') hello = turn.hello
    }
    await this.channel.close()
    const trailing = await this.channel.next()
    if (trailing !== undefined) throw new UnexpectedFrameError(`${trailing.type} after done`)
    this.result.bytesIn = this.channel.bytesIn
    this.result.bytesOut = this.channel.bytesOut
    return this.result
  }

  /** The requester's liveness check: its reports go to the node, its probe is answered in our first turn. */
  private async takeCheck(check: CheckFrame): Promise<void> {
    const { liveness, requester } = this.options
    if (check.reports !== undefined) await liveness?.onReports?.(requester, check.reports)
    if (check.probe === undefined || liveness?.prove === undefined) return
    const [nonce, ids] = check.probe
    const answer = await liveness.prove(requester, { nonce, ids })
    if (answer.bits.length !== Math.ceil(ids.length / 8))
      throw new MalformedError('held bits do not match the probe')
    this.held = { nonce, answer }
  }

  /** Replica maps of our own posts the requester may read, once per session (issue 15). */
  private async sendMaps(): Promise<void> {
    const { liveness, requester } = this.options
    if (liveness?.maps === undefined) return
    const maps = (await liveness.maps(requester, this.wanted)).slice(0, FRAME_LIMITS.mapsPerFrame)
    if (maps.length > 0) await this.channel.send({ type: 'maps', maps: [...maps] })
  }

  /** Loads the sets a hello asks about (dropping the previous hello's); its opening messages. */
  private async openHello(hello: HelloFrame): Promise<Map<string, RangeItem[]>> {
    this.lower = lowerBound(hello.since ?? 0)
    const authors = hello.wants.map(([key]) => nodeIdFromKey(key))
    this.wanted = new Set(authors)
    if (this.wanted.size !== authors.length) throw new MalformedError('an author is wanted twice')
    this.authors += authors.length
    const maxAuthors = this.options.maxAuthors ?? SESSION_DEFAULTS.maxAuthors
    if (this.authors > maxAuthors)
      throw new SyncAbortedError(`more than ${maxAuthors} authors in one session`)
    const { requester, store } = this.options
    const reveal = this.options.verifier.mayReveal ?? mayReveal
    this.sets = new Map()
    this.refs = new Map()
    const messages = new Map<string, RangeItem[]>()
    for (const [i, author] of authors.entries()) {
      const keep = (key: PostKey) => reveal(key, author, requester, this.wanted)
      const set = await loadAuthorSet(store, author, keep, hello.since)
      const key = hexKey(set.key)
      this.sets.set(key, set)
      for (const [id, ref] of set.refs) this.refs.set(id, [set, ref])
      const fp = (hello.wants[i] as [Uint8Array, Uint8Array])[1]
      messages.set(key, [{ upper: END, mode: 'fingerprint', fingerprint: fp }])
    }
    return messages
  }

  /** Reads the requester's turn: ranges and wants up to `over`, a next hello, or `done`. */
  private async readTurn(): Promise<Turn> {
    const wire = new Map<string, WireRange[]>()
    const want: Uint8Array[] = []
    const blobs: Uint8Array[] = []
    for (;;) {
      const frame = await this.channel.next()
      if (frame === undefined) throw new SyncAbortedError('the requester closed mid-session')
      const f = expectFrame(frame, 'ranges', 'want', 'want-blobs', 'over', 'done', 'hello', 'error')
      if (f.type === 'done' || f.type === 'hello') {
        if (wire.size + want.length + blobs.length > 0)
          throw new UnexpectedFrameError(`${f.type} inside a turn`)
        return f.type === 'done' ? { kind: 'done' } : { kind: 'hello', hello: f }
      }
      if (f.type === 'error') throw errorFromData({ name: f.name, message: `remote: ${f.message}` })
      if (f.type === 'over') {
        const messages = new Map<string, RangeItem[]>()
        for (const [key, ranges] of wire) messages.set(key, decodeRanges(ranges, this.lower))
        return { kind: 'turn', messages, want, blobs }
      }
      if (f.type === 'ranges') {
        for (const [author, ranges] of f.entries) {
          const key = hexKey(author)
          if (!this.sets.has(key)) throw new UnexpectedFrameError('ranges for an author not in hello')
          const list = wire.get(key) ?? []
          if (list.length + ranges.length > RANGE_LIMITS.rangesPerMessage)
            throw new MalformedError('too many ranges')
          list.push(...ranges)
          wire.set(key, list)
        }
      } else {
        const into = f.type === 'want' ? want : blobs
        into.push(...f.ids)
        if (into.length > (this.options.maxItems ?? SESSION_DEFAULTS.maxItems)) {
          throw new SyncAbortedError('too many ids wanted')
        }
      }
    }
  }

  /** Our turn: reconciliation replies, the items the requester lacks, requested blobs, over. */
  private async answer(
    messages: Map<string, RangeItem[]>,
    want: Uint8Array[],
    blobs: Uint8Array[],
  ): Promise<void> {
    const replies: [Uint8Array, WireRange[]][] = []
    const push: string[] = want.map(hexKey)
    for (const [key, incoming] of messages) {
      const set = this.sets.get(key) as AuthorSet
      const step = reconcileStep(set.items, incoming, this.lower, this.options.reconcile)
      if (step.reply.length > RANGE_LIMITS.rangesPerMessage) throw new SyncAbortedError('reply too large')
      if (step.reply.length > 0) replies.push([set.key, encodeRanges(step.reply, this.lower)])
      for (const id of step.theyLack) push.push(hexKey(id))
    }
    if (this.held !== undefined) {
      const { nonce, answer } = this.held
      this.held = undefined
      await this.channel.send({ type: 'held', nonce, bits: answer.bits, tag: answer.tag })
    }
    if (!this.firstTurnDone) {
      this.firstTurnDone = true
      await this.sendMaps()
    }
    for (const frame of packRanges(replies)) await this.channel.send(frame)
    await this.sendItems(push)
    for (const id of blobs) await this.sendBlob(bytesToHex(id) as BlobId)
    await this.channel.send({ type: 'over' })
  }

  private count(): void {
    this.items++
    if (this.items > (this.options.maxItems ?? SESSION_DEFAULTS.maxItems)) {
      throw new SyncAbortedError('too many items in one session')
    }
  }

  /**
   * Sends the items among `ids` the requester may have: records first, then posts, each run of up
   * to ITEMS_PER_WRITE frames as one write (one await per run, not per item; issue 12), with the
   * event loop let through after each (`nextTask`): the first posts leave while the rest is read.
   */
  private async sendItems(ids: readonly string[]): Promise<void> {
    const { store, verifier, requester } = this.options
    const postIds: PostId[] = []
    const setAuthor = new Map<PostId, NodeId>()
    let records: Frame[] = []
    for (const id of ids) {
      const entry = this.refs.get(id)
      if (entry === undefined || this.sentItems.has(id)) continue
      this.sentItems.add(id)
      const [set, ref] = entry
      if (ref.kind === 'post') {
        postIds.push(ref.id)
        setAuthor.set(ref.id, set.author)
        continue
      }
      this.count()
      if (ref.kind === 'profile') {
        records.push({ type: 'profile', profile: toWire(ref.record) })
        if (ref.record.record.avatar !== undefined) this.servableBlobs.add(ref.record.record.avatar)
        this.result.sent.profiles++
      } else if (ref.kind === 'profile-version') {
        records.push({ type: 'profile-version', version: toWire(ref.record) })
        this.result.sent.profiles++
      } else {
        records.push({ type: 'delete', delete: toWire(ref.record) })
        this.result.sent.deletes++
      }
      if (records.length >= ITEMS_PER_WRITE) {
        await this.channel.sendMany(records)
        records = []
        await nextTask()
      }
    }
    await this.channel.sendMany(records)
    for (let i = 0; i < postIds.length; i += ITEMS_PER_WRITE) {
      const frames: Frame[] = []
      for (const post of await store.getPosts(postIds.slice(i, i + ITEMS_PER_WRITE))) {
        if (!verifier.shouldSendPost(post, requester, this.wanted) && !this.isRevealedReply(post, setAuthor))
          continue
        this.count()
        frames.push({ type: 'post', post: toWire(post) })
        for (const attachment of post.post.attachments) this.servableBlobs.add(attachment.blob)
        this.result.sent.posts++
      }
      await this.channel.sendMany(frames)
      await nextTask()
    }
  }

  /**
   * A public reply held in its parent author's set (issue 16) goes to whom that set is revealed:
   * the parent's author, or whoever asked for that author; the set was filtered by `mayReveal`.
   */
  private isRevealedReply(post: SignedPost, setAuthor: ReadonlyMap<PostId, NodeId>): boolean {
    const owner = setAuthor.get(post.id)
    if (post.visibility.type !== 'public' || post.post.reply_to === undefined || owner === undefined)
      return false
    return owner === this.options.requester || this.wanted.has(owner)
  }

  /** Sends a blob only if something sent in this session references it (no "do you hold X" oracle). */
  private async sendBlob(id: BlobId): Promise<void> {
    if (this.sentItems.has(id) || !this.servableBlobs.has(id)) return
    this.sentItems.add(id)
    const bytes = await this.options.store.getBlob(id)
    if (bytes === undefined || bytes.length > LIMITS.blobBytes) return
    this.count()
    await this.channel.send({ type: 'blob', id: hexToBytes(id), bytes })
    this.result.sent.blobs++
  }
}

/** A stored record as a plain CBOR map (drops undefined fields, keeps bytes). */
function toWire(value: object): Record<string, unknown> {
  return value as Record<string, unknown>
}
