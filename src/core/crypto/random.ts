/** Cryptographically secure random bytes from `crypto.getRandomValues` (WebCrypto). */
import { ValidationError } from '../errors.ts'
import { webCrypto } from './web-crypto.ts'

/** A source of random bytes; injectable so test vectors are reproducible. */
export type RandomSource = (n: number) => Uint8Array

const MAX_CHUNK = 65536

/** `n` random bytes; getRandomValues is called in chunks of at most 64 KiB (its per-call limit). */
export const randomBytes: RandomSource = (n) => {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ValidationError('randomBytes: n must be a non-negative integer')
  const c = webCrypto()
  if (c === undefined) throw new ValidationError('crypto.getRandomValues is not available')
  const out = new Uint8Array(n)
  for (let off = 0; off < n; off += MAX_CHUNK)
    c.getRandomValues(out.subarray(off, Math.min(n, off + MAX_CHUNK)))
  return out
}
