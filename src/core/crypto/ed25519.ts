/**
 * Ed25519 signatures: noble everywhere, WebCrypto where `crypto.subtle` supports Ed25519 (Node 20,
 * Chromium), which is ≈ 8× faster (docs/design.md §10). Both share one async interface; `verify` never
 * throws for a bad signature or key, it returns false.
 */
import { ed25519 as noble } from '@noble/curves/ed25519.js'
import { ValidationError } from '../errors.ts'
import { concatBytes, fromBase64Url, fromHex, toHex } from './bytes.ts'
import { KeyCache } from './key-cache.ts'
import { randomBytes } from './random.ts'
import { verifyOffload } from './verify-offload.ts'
import { webCrypto } from './web-crypto.ts'

/** Ed25519 secret seed length (RFC 8032 private key). */
export const ED25519_SEED_BYTES = 32
/** Ed25519 public key length. */
export const ED25519_PUBLIC_BYTES = 32
/** Ed25519 signature length. */
export const ED25519_SIGNATURE_BYTES = 64

/** One Ed25519 implementation. */
export interface Ed25519Impl {
  readonly name: 'noble' | 'webcrypto'
  /** Signs `msg` with a 32-byte seed. Throws ValidationError on a seed of the wrong size. */
  sign(seed: Uint8Array, msg: Uint8Array): Promise<Uint8Array>
  /** True iff `sig` is a valid signature of `msg` by `pub`; false (never a throw) for any bad input. */
  verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<boolean>
}

function checkSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_BYTES) {
    throw new ValidationError('ed25519: seed must be 32 bytes')
  }
}

function shapesOk(pub: unknown, msg: unknown, sig: unknown): boolean {
  return (
    pub instanceof Uint8Array &&
    pub.length === ED25519_PUBLIC_BYTES &&
    msg instanceof Uint8Array &&
    sig instanceof Uint8Array &&
    sig.length === ED25519_SIGNATURE_BYTES
  )
}

/** The public key of a seed (noble, synchronous). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  checkSeed(seed)
  return noble.getPublicKey(seed)
}

/**
 * The public key of a seed, by WebCrypto where it supports Ed25519 (the private key's JWK carries
 * it), else noble. Noble's first key costs its base-point table: ≈ 300 ms on a loaded 2-core
 * machine, on the path to the first feed page (issue 12). Throws ValidationError on a bad seed.
 */
export async function ed25519PublicKeyFast(seed: Uint8Array): Promise<Uint8Array> {
  checkSeed(seed)
  if (!(await webCryptoEd25519Supported())) return noble.getPublicKey(seed)
  return webCryptoPublicKey(seed)
}

async function webCryptoPublicKey(seed: Uint8Array): Promise<Uint8Array> {
  const s = subtle()
  const key = await s.importKey('pkcs8', concatBytes(PKCS8_PREFIX, seed), ALG, true, ['sign'])
  const { x } = await s.exportKey('jwk', key)
  const pub = x === undefined ? undefined : fromBase64Url(x)
  if (pub?.length !== ED25519_PUBLIC_BYTES) throw new ValidationError('ed25519: WebCrypto gave no public key')
  return pub
}

/** Pure-JS Ed25519 (noble), strict RFC 8032 verification (no ZIP-215 leniency, like WebCrypto). */
export const ed25519Noble: Ed25519Impl = {
  name: 'noble',
  async sign(seed, msg) {
    checkSeed(seed)
    return noble.sign(msg, seed)
  },
  async verify(pub, msg, sig) {
    if (!shapesOk(pub, msg, sig)) return false
    try {
      return noble.verify(sig, msg, pub, { zip215: false })
    } catch {
      return false
    }
  },
}

const ALG = { name: 'Ed25519' }
/** PKCS#8 prefix of a raw Ed25519 seed (RFC 8410). */
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420')

const signKeys = new KeyCache(4)
const verifyKeys = new KeyCache(1024)

function subtle() {
  const s = webCrypto()?.subtle
  if (s === undefined) throw new ValidationError('WebCrypto is not available')
  return s
}

/** Ed25519 through WebCrypto; only use where `webCryptoEd25519Supported()` resolved true. */
export const ed25519WebCrypto: Ed25519Impl = {
  name: 'webcrypto',
  async sign(seed, msg) {
    checkSeed(seed)
    const s = subtle()
    const key = await signKeys.get(toHex(seed), () =>
      s.importKey('pkcs8', concatBytes(PKCS8_PREFIX, seed), ALG, false, ['sign']),
    )
    return new Uint8Array(await s.sign(ALG, key, msg))
  },
  async verify(pub, msg, sig) {
    if (!shapesOk(pub, msg, sig)) return false
    try {
      const s = subtle()
      const key = await verifyKeys.get(toHex(pub), () => s.importKey('raw', pub, ALG, false, ['verify']))
      return await s.verify(ALG, key, sig, msg)
    } catch {
      return false
    }
  },
}

// RFC 8032 §7.1 test 2: the probe must reproduce it exactly before the fast path is trusted.
const PROBE_SEED = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')
const PROBE_PUB = fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')
const PROBE_SIG = fromHex(
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
)
const PROBE_MSG = fromHex('72')

let probe: Promise<boolean> | undefined

/** Whether WebCrypto Ed25519 works here (detected once with an RFC 8032 vector, then cached). */
export function webCryptoEd25519Supported(): Promise<boolean> {
  probe ??= (async () => {
    try {
      if (webCrypto()?.subtle === undefined) return false
      const sig = await ed25519WebCrypto.sign(PROBE_SEED, PROBE_MSG)
      return (
        toHex(sig) === toHex(PROBE_SIG) &&
        (await ed25519WebCrypto.verify(PROBE_PUB, PROBE_MSG, PROBE_SIG)) &&
        toHex(await webCryptoPublicKey(PROBE_SEED)) === toHex(PROBE_PUB)
      )
    } catch {
      return false
    }
  })()
  return probe
}

/**
 * A fresh Ed25519 public key whose secret is thrown away (recipient padding, envelope-padding.ts):
 * generated by WebCrypto where it supports Ed25519 (≈ 10× faster than noble), else by noble.
 */
export async function throwawayEd25519PublicKey(): Promise<Uint8Array> {
  if (!(await webCryptoEd25519Supported())) return noble.getPublicKey(randomBytes(ED25519_SEED_BYTES))
  const pair = await subtle().generateKey(ALG, true, ['sign'])
  return new Uint8Array(await subtle().exportKey('raw', pair.publicKey))
}

async function best(): Promise<Ed25519Impl> {
  return (await webCryptoEd25519Supported()) ? ed25519WebCrypto : ed25519Noble
}

/** WebCrypto where supported, noble otherwise. */
export const ed25519Best: Ed25519Impl = {
  name: 'webcrypto',
  async sign(seed, msg) {
    return (await best()).sign(seed, msg)
  },
  async verify(pub, msg, sig) {
    return (await best()).verify(pub, msg, sig)
  },
}

/** Signs `msg` with a 32-byte Ed25519 seed using the fastest available implementation. */
export function sign(seed: Uint8Array, msg: Uint8Array): Promise<Uint8Array> {
  return ed25519Best.sign(seed, msg)
}

/**
 * Verifies an Ed25519 signature; resolves false (never rejects) for a bad signature, key or size.
 * Runs on a verifier thread where one is installed (verify-offload.ts), else on this one.
 */
export function verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<boolean> {
  return verifyOffload()?.(pub, msg, sig) ?? ed25519Best.verify(pub, msg, sig)
}
