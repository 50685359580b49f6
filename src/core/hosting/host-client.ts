/**
 * Asks a peer to host a post (spec: docs/protocol/hosting.md) — the restoration cascade's "a
 * random peer that has spare quota and accepts" (issue 15). Resolves `stored` or `held`; a
 * refusal arrives as its typed error: HostingQuotaExceededError (over quota; the message says the
 * spare bytes), TombstonedError (the post is deleted there), RateLimitedError (asked too often).
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { hexToBytes } from '@noble/hashes/utils.js'
import {
  HostingQuotaExceededError,
  NotFoundError,
  RateLimitedError,
  TombstonedError,
  UnexpectedFrameError,
} from '../errors.ts'
import type { BlobId, SignedPost } from '../model/index.ts'
import { FrameReader, writeFrame } from '../net/index.ts'
import type { Awaitable } from '../sync/index.ts'
import { type AnswerFrame, HOST_FRAME_BYTES, parseAnswer, parseStored } from './host-frames.ts'
import { HOST_PROTOCOL } from './host-server.ts'

/** What a successful ask ended with: the peer stored it now, or held it already. */
export type HostOutcome = 'stored' | 'held'

/** The typed error of a refusal frame. */
export function refusalError(frame: Extract<AnswerFrame, { type: 'refuse' }>): Error {
  if (frame.reason === 'over-quota') {
    return new HostingQuotaExceededError(`the peer is over its hosting quota (${frame.spare} bytes spare)`)
  }
  if (frame.reason === 'deleted')
    return new TombstonedError('the peer holds the author’s delete of this post')
  return new RateLimitedError('the peer was asked to host too often')
}

/**
 * An offer the host answered `accept` or `held`, its stream still open: `finish` sends the
 * attachments (after `accept`) and resolves when the host has `stored` them; `abort` gives up
 * (the host releases its reservation and writes nothing).
 */
export interface OpenOffer {
  readonly answer: 'accept' | 'held'
  finish(): Promise<HostOutcome>
  abort(): void
}

/**
 * Sends the offer of `post` and reads the host's answer, without sending any attachment yet: the
 * check "has this peer spare quota, and does it accept?" (issue 15) costs one offer frame. Throws
 * the refusal's typed error (see refusalError); attachments are read with `blobOf` first, so a
 * missing one is NotFoundError before anything is dialled.
 */
export async function offerToHost(
  libp2p: Pick<Libp2p, 'dialProtocol'>,
  peer: PeerId,
  post: SignedPost,
  blobOf: (id: BlobId) => Awaitable<Uint8Array | undefined>,
): Promise<OpenOffer> {
  const blobs: Array<[BlobId, Uint8Array]> = []
  for (const a of post.post.attachments) {
    if (blobs.some(([id]) => id === a.blob)) continue
    const bytes = await blobOf(a.blob)
    if (bytes === undefined) throw new NotFoundError(`attachment ${a.blob.slice(0, 8)} is not held here`)
    blobs.push([a.blob, bytes])
  }
  const stream = await libp2p.dialProtocol(peer, HOST_PROTOCOL, { runOnLimitedConnection: true })
  const fail = (err: unknown): never => {
    stream.abort(err instanceof Error ? err : new UnexpectedFrameError(String(err)))
    throw err
  }
  try {
    const reader = new FrameReader(stream, HOST_FRAME_BYTES)
    await writeFrame(
      stream,
      { v: 1, type: 'offer', post: post as unknown as Record<string, unknown> },
      HOST_FRAME_BYTES,
    )
    const reply = await reader.next()
    if (reply === undefined) throw new UnexpectedFrameError('stream ended before the answer')
    const frame = parseAnswer(reply)
    if (frame.type === 'refuse') throw refusalError(frame)
    let done = false
    return {
      answer: frame.type,
      async finish() {
        if (done) throw new UnexpectedFrameError('this offer is finished already')
        done = true
        try {
          if (frame.type === 'held') {
            await stream.close()
            return 'held'
          }
          for (const [id, bytes] of blobs) {
            await writeFrame(stream, { type: 'blob', id: hexToBytes(id), bytes }, HOST_FRAME_BYTES)
          }
          const stored = await reader.next()
          if (stored === undefined) throw new UnexpectedFrameError('stream ended before `stored`')
          parseStored(stored)
          await stream.close()
          return 'stored'
        } catch (err) {
          return fail(err)
        }
      },
      abort() {
        if (done) return
        done = true
        stream.abort(new UnexpectedFrameError('the offer was withdrawn'))
      },
    }
  } catch (err) {
    return fail(err)
  }
}

/** Offers `post` to `peer` and, once accepted, sends its attachments (read with `blobOf`). */
export async function askToHost(
  libp2p: Pick<Libp2p, 'dialProtocol'>,
  peer: PeerId,
  post: SignedPost,
  blobOf: (id: BlobId) => Awaitable<Uint8Array | undefined>,
): Promise<HostOutcome> {
  return (await offerToHost(libp2p, peer, post, blobOf)).finish()
}
