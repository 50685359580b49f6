/**
 * Passphrase-encrypted identity export (docs/design.md §3: the way to move an identity to another device).
 *
 * Format v1, 96 bytes:
 *   "DSID" ‖ 0x01 ‖ log2(N) ‖ r ‖ p ‖ salt[16] ‖ nonce[24] ‖ XChaCha20-Poly1305(key, seed)[48]
 * key = scrypt(NFKC(passphrase), salt, N, r, p, 32); the 24 header bytes before the nonce are the AAD,
 * so the cost parameters cannot be altered without detection.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { concatBytes, open, type RandomSource, randomBytes, seal, utf8 } from '../crypto/index.ts'
import {
  DecryptionError,
  MalformedError,
  UnsupportedVersionError,
  ValidationError,
  WrongPassphraseError,
} from '../errors.ts'
import { type Identity, identityFromSeed } from './identity.ts'

const MAGIC = utf8('DSID')
const VERSION = 1
const HEADER_BYTES = 4 + 1 + 3 + 16
const EXPORT_BYTES = HEADER_BYTES + 24 + 32 + 16

/** Default scrypt cost (N = 2^15, r = 8, p = 1: 32 MiB, ≈ 0.1–0.3 s). */
export const DEFAULT_EXPORT_COST = { log2N: 15, r: 8, p: 1 } as const

/** scrypt cost parameters; tests pass a small `log2N`. */
export interface ExportCost {
  log2N: number
  r: number
  p: number
}

/** Bounds accepted on import, so a hostile file cannot demand gigabytes of memory. */
const LIMITS = { log2N: [10, 17], r: [1, 8], p: [1, 4] } as const

function inRange(v: number, [lo, hi]: readonly [number, number]): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi
}

function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new ValidationError('passphrase must be a non-empty string')
  }
  return passphrase.normalize('NFKC')
}

function deriveExportKey(passphrase: string, salt: Uint8Array, cost: ExportCost): Promise<Uint8Array> {
  return scryptAsync(utf8(passphrase), salt, { N: 2 ** cost.log2N, r: cost.r, p: cost.p, dkLen: 32 })
}

/** Encrypts the identity's seed under a passphrase. Throws ValidationError for an empty passphrase or bad cost. */
export async function exportIdentity(
  identity: Identity,
  passphrase: string,
  opts: { cost?: ExportCost; random?: RandomSource } = {},
): Promise<Uint8Array> {
  const pass = checkPassphrase(passphrase)
  const cost = opts.cost ?? DEFAULT_EXPORT_COST
  if (!inRange(cost.log2N, LIMITS.log2N) || !inRange(cost.r, LIMITS.r) || !inRange(cost.p, LIMITS.p)) {
    throw new ValidationError('scrypt cost out of range')
  }
  const random = opts.random ?? randomBytes
  const salt = random(16)
  const nonce = random(24)
  const header = concatBytes(MAGIC, Uint8Array.of(VERSION, cost.log2N, cost.r, cost.p), salt)
  const key = await deriveExportKey(pass, salt, cost)
  return concatBytes(header, nonce, seal(key, nonce, identity.seed, header))
}

/**
 * Opens an export. Errors: ValidationError (empty passphrase), MalformedError (not an export, wrong
 * size, cost out of range), UnsupportedVersionError, WrongPassphraseError (wrong passphrase or a
 * damaged ciphertext — the two cannot be told apart).
 */
export async function importIdentity(bytes: Uint8Array, passphrase: string): Promise<Identity> {
  const pass = checkPassphrase(passphrase)
  if (!(bytes instanceof Uint8Array) || bytes.length < MAGIC.length + 1)
    throw new MalformedError('not an identity export')
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new MalformedError('not an identity export')
  }
  if (bytes[4] !== VERSION)
    throw new UnsupportedVersionError(`identity export version ${bytes[4]} is not supported`)
  if (bytes.length !== EXPORT_BYTES) throw new MalformedError('identity export has the wrong size')
  const cost = { log2N: bytes[5] ?? 0, r: bytes[6] ?? 0, p: bytes[7] ?? 0 }
  if (!inRange(cost.log2N, LIMITS.log2N) || !inRange(cost.r, LIMITS.r) || !inRange(cost.p, LIMITS.p)) {
    throw new MalformedError('identity export has out-of-range scrypt parameters')
  }
  const header = bytes.subarray(0, HEADER_BYTES)
  const salt = bytes.subarray(8, HEADER_BYTES)
  const nonce = bytes.subarray(HEADER_BYTES, HEADER_BYTES + 24)
  const sealed = bytes.subarray(HEADER_BYTES + 24)
  const key = await deriveExportKey(pass, salt, cost)
  let seed: Uint8Array
  try {
    seed = open(key, nonce, sealed, header)
  } catch (err) {
    if (err instanceof DecryptionError)
      throw new WrongPassphraseError('wrong passphrase (or a damaged export)')
    throw err
  }
  return identityFromSeed(seed)
}
