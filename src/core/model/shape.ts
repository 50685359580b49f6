/** Strict parsing of untrusted values (docs/design.md §9): exact keys, exact types, typed errors. */
import { ValidationError } from '../errors.ts'
import type { BlobId, PostId } from './types.ts'

/** An object with string keys, as decoded from CBOR or JSON. */
export type Fields = Record<string, unknown>

/** Asserts a plain object with exactly the `required` keys plus any of the `optional` ones. Throws ValidationError. */
export function expectObject(
  v: unknown,
  what: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    throw new ValidationError(`${what} must be an object`)
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null)
    throw new ValidationError(`${what} must be a plain object`)
  const obj = v as Fields
  for (const k of required) {
    if (!Object.hasOwn(obj, k) || obj[k] === undefined) throw new ValidationError(`${what}.${k} is missing`)
  }
  for (const k of Object.keys(obj)) {
    if (!required.includes(k) && !optional.includes(k))
      throw new ValidationError(`${what} has an unexpected field ${k}`)
    if (obj[k] === undefined) throw new ValidationError(`${what}.${k} must be absent, not undefined`)
  }
  return obj
}

/** Asserts a string. */
export function expectString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new ValidationError(`${what} must be a string`)
  return v
}

/** Asserts a non-negative safe integer (timestamps, sizes). */
export function expectUint(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ValidationError(`${what} must be a non-negative integer`)
  }
  return v
}

/** Asserts a byte string, of exactly `length` bytes when given. */
export function expectBytes(v: unknown, what: string, length?: number): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new ValidationError(`${what} must be bytes`)
  if (length !== undefined && v.length !== length)
    throw new ValidationError(`${what} must be ${length} bytes`)
  return v
}

/** Asserts an array. */
export function expectArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ValidationError(`${what} must be an array`)
  return v
}

/** Number of Unicode code points (what the limits call "characters"). */
export function charCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

const HASH_HEX_RE = /^[0-9a-f]{64}$/

/** True iff `s` is a lowercase 64-char hex BLAKE3 digest (the form of PostId and BlobId). */
export function isHashHex(s: unknown): s is string {
  return typeof s === 'string' && HASH_HEX_RE.test(s)
}

/** Asserts a PostId. */
export function expectPostId(v: unknown, what: string): PostId {
  if (!isHashHex(v)) throw new ValidationError(`${what} must be a PostId (64 lowercase hex chars)`)
  return v as PostId
}

/** Asserts a BlobId. */
export function expectBlobId(v: unknown, what: string): BlobId {
  if (!isHashHex(v)) throw new ValidationError(`${what} must be a BlobId (64 lowercase hex chars)`)
  return v as BlobId
}
