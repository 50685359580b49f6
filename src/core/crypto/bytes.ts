/** Byte helpers shared by crypto and model: hex, base64url, UTF-8, concatenation, comparison. */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { ValidationError } from '../errors.ts'

// TextEncoder/TextDecoder exist in every runtime we target, but core compiles without DOM types.
interface TextCodecs {
  TextEncoder: new () => { encode(s: string): Uint8Array }
  TextDecoder: new (label: string, opts: { fatal: boolean }) => { decode(b: Uint8Array): string }
}
const codecs = globalThis as unknown as TextCodecs
const encoder = new codecs.TextEncoder()
const decoder = new codecs.TextDecoder('utf-8', { fatal: true })

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s)
}

/** Decodes UTF-8; throws ValidationError on invalid sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new ValidationError('bytes are not valid UTF-8')
  }
}

/** Lowercase hex of bytes (noble's: the engine's `Uint8Array.prototype.toHex` where it has one, issue 12). */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes)
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/

/**
 * Bytes of a hex string (either case); throws ValidationError on odd length or non-hex characters.
 * Decoded by noble (the engine's `Uint8Array.fromHex` where it has one).
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) throw new ValidationError('not a hex string')
  return hexToBytes(hex)
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Constant-time-ish equality of two byte arrays (length leaks, contents do not short-circuit). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Unsigned 64-bit big-endian encoding of a non-negative safe integer (timestamps in signatures). */
export function u64be(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('u64 must be a non-negative safe integer')
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(n), false)
  return out
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64_INDEX = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i

/** Unpadded base64url (RFC 4648 §5) of bytes. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63) + B64.charAt(n & 63)
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63)
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8)
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63)
  }
  return out
}

/**
 * Bytes of unpadded base64url. Strict: rejects padding, other alphabets, impossible lengths and
 * non-zero trailing bits, so every byte string has exactly one accepted encoding.
 * @throws ValidationError
 */
export function fromBase64Url(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new ValidationError('invalid base64url length')
  const out = new Uint8Array(Math.floor((s.length * 3) / 4))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c < 128 ? (B64_INDEX[c] ?? -1) : -1
    if (v < 0) throw new ValidationError('invalid base64url character')
    acc = ((acc << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new ValidationError('non-canonical base64url')
  return out
}
