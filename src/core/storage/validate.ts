/**
 * Argument checks for the store's entry points: each throws `ValidationError` naming the argument
 * (docs/house-rules.md §4). Syntactic only; signatures are checked by
 * `src/core/model` before a value becomes `Verified`.
 */
import { ValidationError } from '../errors.ts'
import type { BlobId, Millis, NodeId, PostId } from '../model/index.ts'

const NODE_ID = /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/
const HEX_ID = /^[0-9a-f]{64}$/

/** Longest circle / custom-feed name, in characters. */
export const NAME_MAX_CHARS = 64

/** A libp2p Ed25519 PeerId string (`12D3KooW` + 44 base58 characters). */
export function checkNodeId(value: unknown, arg: string): asserts value is NodeId {
  if (typeof value !== 'string' || !NODE_ID.test(value)) throw new ValidationError(`${arg}: not a NodeId`)
}

/** 64 lowercase hex characters. */
export function checkPostId(value: unknown, arg: string): asserts value is PostId {
  if (typeof value !== 'string' || !HEX_ID.test(value)) throw new ValidationError(`${arg}: not a PostId`)
}

/** 64 lowercase hex characters. */
export function checkBlobId(value: unknown, arg: string): asserts value is BlobId {
  if (typeof value !== 'string' || !HEX_ID.test(value)) throw new ValidationError(`${arg}: not a BlobId`)
}

/** A non-negative safe integer of milliseconds. */
export function checkMillis(value: unknown, arg: string): asserts value is Millis {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${arg}: not a millisecond timestamp`)
  }
}

/** A trimmed, non-blank name of at most `NAME_MAX_CHARS` characters; returns it trimmed. */
export function checkName(value: unknown, arg: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${arg}: must be a string`)
  const name = value.trim()
  if (name.length === 0) throw new ValidationError(`${arg}: must not be blank`)
  if ([...name].length > NAME_MAX_CHARS)
    throw new ValidationError(`${arg}: longer than ${NAME_MAX_CHARS} characters`)
  return name
}

/** A string of at most `max` characters (any content). */
export function checkString(value: unknown, arg: string, max = 10_000): asserts value is string {
  if (typeof value !== 'string') throw new ValidationError(`${arg}: must be a string`)
  if (value.length > max) throw new ValidationError(`${arg}: longer than ${max} characters`)
}

/** A positive integer page size, at most `max`. */
export function checkLimit(value: unknown, arg: string, max = 500): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ValidationError(`${arg}: must be an integer from 1 to ${max}`)
  }
}

/** An array of NodeIds without duplicates; returns it. */
export function checkNodeIds(value: unknown, arg: string, max = 10_000): NodeId[] {
  if (!Array.isArray(value)) throw new ValidationError(`${arg}: must be an array`)
  if (value.length > max) throw new ValidationError(`${arg}: more than ${max} entries`)
  for (const [i, id] of value.entries()) checkNodeId(id, `${arg}[${i}]`)
  return [...new Set(value as NodeId[])]
}

/** An array of short strings (e.g. multiaddrs). */
export function checkStrings(value: unknown, arg: string, max = 64, maxChars = 1024): string[] {
  if (!Array.isArray(value)) throw new ValidationError(`${arg}: must be an array`)
  if (value.length > max) throw new ValidationError(`${arg}: more than ${max} entries`)
  for (const [i, s] of value.entries()) checkString(s, `${arg}[${i}]`, maxChars)
  return value as string[]
}

/** A plain object (not null, not an array). */
export function checkObject(value: unknown, arg: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${arg}: must be an object`)
  }
}
