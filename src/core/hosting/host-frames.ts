/**
 * The frames of `/distsoc/host/1.0.0` (spec: docs/protocol/hosting.md): a discriminated union on
 * `type` with one strict validator per direction (exact keys, exact types, capped sizes). The
 * signed post inside an offer is only checked to be a map here; the server verifies it fully.
 */
import { MalformedError, ValidationError } from '../errors.ts'
import { LIMITS } from '../model/index.ts'
import { isRecord } from '../net/index.ts'

/** Largest frame of the protocol (an offer carries a post with its visibility; a blob frame a blob). */
export const HOST_FRAME_BYTES = LIMITS.blobFrameBytes

/** Asker → host: please hold this post (and its attachments, which follow on acceptance). */
export interface OfferFrame {
  v: 1
  type: 'offer'
  post: Record<string, unknown>
}
/** Asker → host after `accept`: one attachment of the offered post. */
export interface HostBlobFrame {
  type: 'blob'
  id: Uint8Array
  bytes: Uint8Array
}
/** Why a host refuses: over its quota, a deleted post, or the asker is over its request budget. */
export type RefusalReason = 'over-quota' | 'deleted' | 'busy'
/** Host → asker: the answer to an offer. */
export type AnswerFrame =
  | { v: 1; type: 'accept' }
  | { v: 1; type: 'held' }
  | { v: 1; type: 'refuse'; reason: RefusalReason; spare: number }
/** Host → asker: the post and every attachment are stored. */
export interface StoredFrame {
  v: 1
  type: 'stored'
}

const REASONS: ReadonlySet<string> = new Set<RefusalReason>(['over-quota', 'deleted', 'busy'])

function exactKeys(value: Record<string, unknown>, keys: readonly string[], what: string): void {
  const got = Object.keys(value)
  if (got.length !== keys.length || !keys.every((k) => k in value)) {
    throw new MalformedError(`${what}: wrong keys`)
  }
}

function frameOf(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value) || typeof value['type'] !== 'string') throw new MalformedError(`${what}: not a frame`)
  return value
}

/** Validates the opening frame of the asker; throws MalformedError. */
export function parseOffer(value: unknown): OfferFrame {
  const f = frameOf(value, 'offer')
  exactKeys(f, ['v', 'type', 'post'], 'offer')
  if (f['v'] !== 1 || f['type'] !== 'offer' || !isRecord(f['post']))
    throw new MalformedError('offer: wrong shape')
  return { v: 1, type: 'offer', post: f['post'] }
}

/** Validates a blob frame; throws MalformedError or ValidationError (oversize blob). */
export function parseHostBlob(value: unknown): HostBlobFrame {
  const f = frameOf(value, 'blob')
  exactKeys(f, ['type', 'id', 'bytes'], 'blob')
  const { id, bytes } = f
  if (f['type'] !== 'blob' || !(id instanceof Uint8Array) || !(bytes instanceof Uint8Array)) {
    throw new MalformedError('blob: wrong shape')
  }
  if (id.length !== 32) throw new MalformedError('blob: id must be 32 bytes')
  if (bytes.length > LIMITS.blobBytes) throw new ValidationError(`blob: over ${LIMITS.blobBytes} bytes`)
  return { type: 'blob', id, bytes }
}

/** Validates the host's answer; throws MalformedError. */
export function parseAnswer(value: unknown): AnswerFrame {
  const f = frameOf(value, 'answer')
  if (f['v'] !== 1) throw new MalformedError('answer: wrong version')
  if (f['type'] === 'accept' || f['type'] === 'held') {
    exactKeys(f, ['v', 'type'], 'answer')
    return { v: 1, type: f['type'] }
  }
  if (f['type'] !== 'refuse') throw new MalformedError('answer: unknown type')
  exactKeys(f, ['v', 'type', 'reason', 'spare'], 'answer')
  const { reason, spare } = f
  if (typeof reason !== 'string' || !REASONS.has(reason)) throw new MalformedError('answer: unknown reason')
  if (typeof spare !== 'number' || !Number.isSafeInteger(spare) || spare < 0) {
    throw new MalformedError('answer: spare must be a non-negative integer')
  }
  return { v: 1, type: 'refuse', reason: reason as RefusalReason, spare }
}

/** Validates the host's final frame; throws MalformedError. */
export function parseStored(value: unknown): StoredFrame {
  const f = frameOf(value, 'stored')
  exactKeys(f, ['v', 'type'], 'stored')
  if (f['v'] !== 1 || f['type'] !== 'stored') throw new MalformedError('stored: wrong shape')
  return { v: 1, type: 'stored' }
}
