/**
 * Shared plumbing of the request/response protocols of this folder: read one capped frame,
 * classify failures into a reject reason, reset the stream and report it (docs/design.md §9).
 */
import type { Stream } from '@libp2p/interface'
import { errorName } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import type { Logger } from './logger.ts'

/** Why an inbound frame was refused; the anchor's metrics count these. */
export type RejectReason = 'too-large' | 'malformed' | 'invalid' | 'timeout' | 'other'

/** Called once per refused frame, with the protocol and the sending peer. */
export type RejectHook = (protocol: string, reason: RejectReason, from: NodeId) => void

/** Maps a thrown error to a reject reason by its name (docs/house-rules.md §1). */
export function rejectReasonOf(err: unknown): RejectReason {
  const name = errorName(err)
  if (name === 'FrameTooLargeError' || name === 'TooLargeError') return 'too-large'
  if (name === 'MalformedError' || name === 'UnexpectedFrameError') return 'malformed'
  if (name === 'ValidationError' || name === 'InvalidNodeIdError') return 'invalid'
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout'
  return 'other'
}

/** Resets `stream` after a bad frame, reports it to `onReject` and the logger. */
export function refuse(
  stream: Stream,
  protocol: string,
  from: NodeId,
  err: unknown,
  logger: Logger,
  onReject?: RejectHook,
): void {
  const reason = rejectReasonOf(err)
  logger.warn('frame-rejected', {
    protocol,
    reason,
    peer: shortId(from),
    error: errorName(err),
  })
  onReject?.(protocol, reason, from)
  stream.abort(err instanceof Error ? err : new Error(String(err)))
}

/** Default time a peer has to send its request frame. */
export const REQUEST_TIMEOUT_MS = 10_000
