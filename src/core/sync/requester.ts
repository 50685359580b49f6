/**
 * The pulling side of `/distsoc/sync/1.0.0` (DESIGN §5, seed C-2). Turns:
 *   R: hello (per wanted author, a fingerprint of everything held)
 *   S: ranges for differing authors, pushed items R lacks, over
 *   R: ranges, want (ids S listed that R lacks), want-blobs, over     … until nothing is left
 *   R: done — then both close; R reads to the end.
 * Every item is verified before it is stored; the first invalid one aborts the session (stream
 * reset), fires `onReject` and throws its typed error.
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import {
  DistsocError,
  errorFromData,
  IdMismatchError,
  SyncAbortedError,
  TooLargeError,
  UnexpectedFrameError,
  ValidationError,
} from '../errors.ts'
import { type BlobId, LIMITS, type NodeId, type PostId, type SignedPost } from '../model/types.ts'
import { type AuthorSet, loadAuthorSet } from './author-set.ts'
import { type ByteStream, FrameChannel } from './channel.ts'
import { FRAME_LIMITS, type Frame } from './frames.ts'
import { packIds, packRanges } from './packing.ts'
import { decodeRanges, encodeRanges, type WireRange } from './range-wire.ts'
import { compareItems, hexKey, lowerBound, openingMessage, reconcileStep } from './reconcile.ts'
import {
  type RequesterOptions,
  SESSION_DEFAULTS,
  type SyncResult,
  silentSyncLogger,
  zeroCounts,
} from './session-options.ts'

/** Runs a pulling session over `stream`; resolves with what was stored. */
export async function runRequester(stream: ByteStream, options: RequesterOptions): Promise<SyncResult> {
  const channel = new FrameChannel(stream, options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs, options.timers)
  const session = new RequesterSession(channel, options)
  try {
    return await session.run()
  } catch (err) {
    if (err instanceof DistsocError && err.name !== 'SyncTimeoutError') options.onReject?.(err.name)
    await sendError(channel, err)
    channel.abort(err instanceof Error ? err : new SyncAbortedError('session failed'))
    throw err
  }
}

/** Best-effort `error` frame before a reset. */
export async function sendError(channel: FrameChannel, err: unknown): Promise<void> {
  const name = err instanceof Error ? err.name.slice(0, FRAME_LIMITS.errorNameChars) : 'Error'
  const message = err instanceof Error ? err.message.slice(0, 200) : ''
  await Promise.race([channel.send({ type: 'error', name, message }).catch(() => {}), Promise.resolve()])
}

class RequesterSession {
  private readonly channel: FrameChannel
  private readonly options: RequesterOptions
  private readonly result: SyncResult = {
    received: zeroCounts(),
    rejected: 0,
    bytesIn: 0,
    bytesOut: 0,
    roundTrips: 0,
  }
  private readonly wanted: ReadonlySet<NodeId>
  private readonly sets = new Map<string, AuthorSet>()
  private readonly dirty = new Set<AuthorSet>()
  private readonly requestedBlobs = new Set<string>()
  private readonly blobsToWant = new Set<string>()
  private readonly lower
  private items = 0

  constructor(channel: FrameChannel, options: RequesterOptions) {
    this.channel = channel
    this.options = options
    this.wanted = new Set(options.wants)
    this.lower = lowerBound(options.since ?? 0)
    if (this.wanted.size > FRAME_LIMITS.authorsPerHello) {
      throw new ValidationError(`at most ${FRAME_LIMITS.authorsPerHello} authors per session`)
    }
  }

  async run(): Promise<SyncResult> {
    const log = this.options.logger ?? silentSyncLogger
    const wants: [Uint8Array, Uint8Array][] = []
    for (const author of this.wanted) {
      const set = await loadAuthorSet(this.options.store, author)
      this.sets.set(hexKey(set.key), set)
      const [opening] = openingMessage(set.items, this.lower)
      if (opening?.mode === 'fingerprint') wants.push([set.key, opening.fingerprint])
    }
    const since = this.options.since
    await this.channel.send(
      since === undefined ? { type: 'hello', v: 1, wants } : { type: 'hello', v: 1, since, wants },
    )
    const maxRounds = this.options.maxRounds ?? SESSION_DEFAULTS.maxRounds
    for (;;) {
      this.result.roundTrips++
      if (this.result.roundTrips > maxRounds) throw new SyncAbortedError(`more than ${maxRounds} rounds`)
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
        for (const id of step.weLack) {
          if (!(await this.options.store.isTombstoned(set.author, bytesToHex(id) as PostId))) want.push(id)
        }
      }
      this.dirty.clear()
      const blobs = [...this.blobsToWant].map((id) => hexToBytes(id))
      for (const id of this.blobsToWant) this.requestedBlobs.add(id)
      this.blobsToWant.clear()
      if (replies.length === 0 && want.length === 0 && blobs.length === 0) break
      for (const frame of packRanges(replies)) await this.channel.send(frame)
      for (const frame of packIds('want', want)) await this.channel.send(frame)
      for (const frame of packIds('want-blobs', blobs)) await this.channel.send(frame)
      await this.channel.send({ type: 'over' })
    }
    await this.channel.send({ type: 'done' })
    await this.channel.close()
    const trailing = await this.channel.next()
    if (trailing !== undefined) throw new UnexpectedFrameError(`${trailing.type} after done`)
    this.result.bytesIn = this.channel.bytesIn
    this.result.bytesOut = this.channel.bytesOut
    log.debug('sync:requester:done', { rounds: this.result.roundTrips, posts: this.result.received.posts })
    return this.result
  }

  /** Reads frames up to `over`, storing items as they come; returns ranges per author. */
  private async readTurn(): Promise<Map<string, WireRange[]>> {
    const ranges = new Map<string, WireRange[]>()
    for (;;) {
      const frame = await this.channel.next()
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
        case 'profile':
        case 'delete':
        case 'blob':
          this.countItem()
          await this.accept(frame)
          break
        case 'error':
          throw errorFromData({ name: frame.name, message: `remote: ${frame.message}` })
        default:
          throw new UnexpectedFrameError(`${frame.type} from the responder`)
      }
    }
  }

  private countItem(): void {
    this.items++
    if (this.items > (this.options.maxItems ?? SESSION_DEFAULTS.maxItems)) {
      throw new SyncAbortedError('too many items in one session')
    }
  }

  private setOf(author: NodeId, what: string): AuthorSet {
    if (!this.wanted.has(author)) throw new UnexpectedFrameError(`${what} of an author not asked for`)
    for (const set of this.sets.values()) if (set.author === author) return set
    throw new UnexpectedFrameError(`${what} of an author not asked for`)
  }

  /**
   * The set a post belongs to: its author's if wanted, else that of a wanted recipient — an
   * author's set also holds the encrypted posts addressed to them (DMs from strangers, DESIGN §5).
   */
  private setOfPost(post: SignedPost): AuthorSet {
    if (this.wanted.has(post.post.author) || post.visibility.type !== 'encrypted') {
      return this.setOf(post.post.author, 'post')
    }
    const recipient = post.visibility.recipients.find((r) => this.wanted.has(r.recipient))
    return this.setOf(recipient?.recipient ?? post.post.author, 'post')
  }

  private async wantBlob(id: BlobId | undefined): Promise<void> {
    if (id === undefined || this.requestedBlobs.has(id)) return
    if (!(await this.options.store.hasBlob(id))) this.blobsToWant.add(id)
  }

  private async accept(
    frame: Extract<Frame, { type: 'post' | 'profile' | 'delete' | 'blob' }>,
  ): Promise<void> {
    const { store, verifier } = this.options
    const now = (this.options.now ?? Date.now)()
    if (frame.type === 'post') {
      const post = await verifier.verifyPost(frame.post, now)
      const set = this.setOfPost(post)
      if (set.refs.has(post.id) || (await store.isTombstoned(post.post.author, post.id))) {
        this.result.rejected++
        return
      }
      await store.putPost(post)
      set.refs.set(post.id, { kind: 'post', id: post.id })
      set.items.push({ ts: post.post.created_at, id: hexToBytes(post.id) })
      this.dirty.add(set)
      this.result.received.posts++
      for (const attachment of post.post.attachments) await this.wantBlob(attachment.blob)
    } else if (frame.type === 'profile') {
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
    } else if (frame.type === 'delete') {
      const request = await verifier.verifyDeleteRequest(frame.delete, now)
      this.setOf(request.record.author, 'delete')
      if (await store.isTombstoned(request.record.author, request.record.post_id)) {
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
