/**
 * Serves `/distsoc/host/1.0.0` (spec: docs/protocol/hosting.md): a peer offers a signed post for
 * this node to hold for it; the node verifies it, asks its HostingGate, and answers `accept`,
 * `held` or a typed refusal. After `accept` the asker sends each attachment; only when the post
 * and every attachment checked out is anything written. Bad input resets the stream, is reported
 * and writes nothing (docs/design.md §9).
 */
import type { Libp2p, Stream } from '@libp2p/interface'
import { bytesToHex } from '@noble/hashes/utils.js'
import { blake3, toHex } from '../crypto/index.ts'
import { IdMismatchError, UnexpectedFrameError, ValidationError } from '../errors.ts'
import type { BlobId, Millis, NodeId, PostId, SignedPost, Verified } from '../model/index.ts'
import {
  after,
  FrameReader,
  type Logger,
  type RejectHook,
  RequestBudget,
  refuse,
  silentLogger,
  writeFrame,
} from '../net/index.ts'
import type { Awaitable, SyncStore, SyncVerifier } from '../sync/index.ts'
import { type AnswerFrame, HOST_FRAME_BYTES, parseHostBlob, parseOffer } from './host-frames.ts'
import type { HostingGate } from './hosting-gate.ts'
import { postCost } from './post-cost.ts'

/** Protocol id of hosting requests. */
export const HOST_PROTOCOL = '/distsoc/host/1.0.0'
/** Time an asker has for the whole exchange (offer, blobs). */
export const HOST_EXCHANGE_MS = 30_000

/** The storage a host server writes through (the sync adapter of the node or the anchor's mailbox). */
export type HostStore = Pick<SyncStore, 'putPost' | 'putBlob' | 'isTombstoned'> & {
  hasPost(id: PostId): Awaitable<boolean>
}

/** What a host server needs. */
export interface HostServerDeps {
  gate: HostingGate
  store: HostStore
  verifier: Pick<SyncVerifier, 'verifyPost'>
  now: () => Millis
  /** After a post was stored for `from` (e.g. to self-report the replica). */
  onHosted?(post: Verified<SignedPost>, from: NodeId): void
  /** Offers per asker (default: a burst of 8, one more every 2 s). */
  budget?: RequestBudget
  logger?: Logger
  onReject?: RejectHook
  timeoutMs?: number
}

/** Registers the host protocol on `libp2p`. */
export async function registerHostProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: HostServerDeps,
): Promise<void> {
  const logger = deps.logger ?? silentLogger
  const budget = deps.budget ?? new RequestBudget({ burst: 8, refillMs: 2000 })
  await libp2p.handle(
    HOST_PROTOCOL,
    async (stream, connection) => {
      const from = connection.remotePeer.toString() as NodeId
      const cancel = after(deps.timeoutMs ?? HOST_EXCHANGE_MS, () => {
        refuse(
          stream,
          HOST_PROTOCOL,
          from,
          new UnexpectedFrameError('hosting exchange timed out'),
          logger,
          deps.onReject,
        )
      })
      try {
        await serveOne(stream, from, deps, budget, logger)
        cancel()
      } catch (err) {
        cancel()
        if (stream.status === 'open') refuse(stream, HOST_PROTOCOL, from, err, logger, deps.onReject)
      }
    },
    { runOnLimitedConnection: true, maxInboundStreams: 2 },
  )
}

async function answer(stream: Stream, frame: AnswerFrame): Promise<void> {
  await writeFrame(stream, frame, HOST_FRAME_BYTES)
}

async function serveOne(
  stream: Stream,
  from: NodeId,
  deps: HostServerDeps,
  budget: RequestBudget,
  logger: Logger,
): Promise<void> {
  const reader = new FrameReader(stream, HOST_FRAME_BYTES)
  const offer = parseOffer(await reader.next())
  if (!budget.take(from)) {
    await answer(stream, { v: 1, type: 'refuse', reason: 'busy', spare: 0 })
    await stream.close()
    return
  }
  const post = await deps.verifier.verifyPost(offer.post, deps.now())
  if (await deps.store.isTombstoned(post.post.author, post.id)) {
    await answer(stream, { v: 1, type: 'refuse', reason: 'deleted', spare: deps.gate.spare() })
    await stream.close()
    return
  }
  if (await deps.store.hasPost(post.id)) {
    await answer(stream, { v: 1, type: 'held' })
    await stream.close()
    return
  }
  const decision = deps.gate.decide(post, postCost(post), from)
  if (decision.kind === 'refuse') {
    logger.info('hosting:refused', { reason: decision.reason, peer: from.slice(-8) })
    await answer(stream, { v: 1, type: 'refuse', reason: decision.reason, spare: decision.spare })
    await stream.close()
    return
  }
  const { reservation } = decision
  try {
    await answer(stream, { v: 1, type: 'accept' })
    const blobs = await readAttachments(reader, post)
    await deps.store.putPost(post)
    for (const [id, bytes] of blobs) await deps.store.putBlob(id, bytes)
    reservation.commit()
  } catch (err) {
    reservation.release()
    throw err
  }
  await writeFrame(stream, { v: 1, type: 'stored' }, HOST_FRAME_BYTES)
  await stream.close()
  deps.onHosted?.(post, from)
}

/** Reads one blob frame per distinct attachment, in attachment order, checking id, size and hash. */
async function readAttachments(reader: FrameReader, post: SignedPost): Promise<Map<BlobId, Uint8Array>> {
  const blobs = new Map<BlobId, Uint8Array>()
  for (const attachment of post.post.attachments) {
    if (blobs.has(attachment.blob)) continue
    const frame = parseHostBlob(await reader.next())
    const id = bytesToHex(frame.id) as BlobId
    if (id !== attachment.blob) throw new UnexpectedFrameError('blob: not the next attachment')
    if (frame.bytes.length !== attachment.size)
      throw new ValidationError('blob: size differs from the attachment')
    if (toHex(blake3(frame.bytes)) !== id) throw new IdMismatchError('blob: bytes do not hash to its id')
    blobs.set(id, frame.bytes)
  }
  return blobs
}
