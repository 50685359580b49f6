/**
 * Canonical bytes (docs/design.md §4): deterministic CBOR (RFC 8949 §4.2 core deterministic encoding, via
 * cborg's `rfc8949EncodeOptions`), so every implementation hashes and signs the same bytes.
 * Decoding is strict: anything that does not re-encode to exactly the input is MalformedError.
 */
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { bytesEqual } from '../crypto/index.ts'
import { MalformedError, ValidationError } from '../errors.ts'

const encodeOptions = {
  ...rfc8949EncodeOptions,
  ignoreUndefinedProperties: true,
  typeEncoders: {
    undefined: (): null => {
      throw new ValidationError('undefined cannot be encoded canonically')
    },
  },
}

/**
 * cborg decode options for bytes of untrusted origin: strict, plain data only (no indefinite
 * lengths, undefined, NaN/Infinity, bigints, duplicate keys or tags). Every decoder in core uses them.
 */
export const STRICT_DECODE_OPTIONS = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: false,
  rejectDuplicateMapKeys: true,
  useMaps: false,
  tags: [],
} as const

/**
 * Deterministic CBOR of a value (map keys in bytewise order, shortest integer forms, byte strings
 * for Uint8Array). Object properties that are `undefined` are left out; any other `undefined`
 * throws ValidationError.
 */
export function encodeCanonical(value: unknown): Uint8Array {
  try {
    return encode(value, encodeOptions)
  } catch (err) {
    if (err instanceof ValidationError) throw err
    throw new ValidationError(`cannot encode value canonically: ${(err as Error).message}`)
  }
}

/**
 * Decodes canonical CBOR. Throws MalformedError for truncated input, trailing bytes, indefinite
 * lengths, undefined, tags, non-string map keys, duplicate keys, or any non-canonical encoding.
 */
export function decodeCanonical(bytes: Uint8Array): unknown {
  if (!(bytes instanceof Uint8Array)) throw new MalformedError('expected bytes')
  let value: unknown
  try {
    value = decode(bytes, STRICT_DECODE_OPTIONS)
  } catch (err) {
    throw new MalformedError(`invalid CBOR: ${(err as Error).message}`)
  }
  let again: Uint8Array
  try {
    again = encode(value, encodeOptions)
  } catch {
    throw new MalformedError('CBOR value cannot be re-encoded')
  }
  if (!bytesEqual(again, bytes)) throw new MalformedError('CBOR is not in canonical form')
  return value
}
