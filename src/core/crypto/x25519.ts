/**
 * X25519 key agreement (RFC 7748) and Ed25519 → X25519 conversion (docs/design.md §3). All-zero / low-order
 * results are rejected with LowOrderKeyError. noble is the reference; WebCrypto X25519 is the fast
 * path for wrapping a key for many recipients.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { LowOrderKeyError, ValidationError } from '../errors.ts'
import { concatBytes, fromHex, toHex } from './bytes.ts'
import { KeyCache } from './key-cache.ts'
import { randomBytes } from './random.ts'
import { type WebCryptoKey, webCrypto } from './web-crypto.ts'

/** X25519 key length (secret and public). */
export const X25519_BYTES = 32

function check32(name: string, b: Uint8Array): void {
  if (!(b instanceof Uint8Array) || b.length !== X25519_BYTES)
    throw new ValidationError(`x25519: ${name} must be 32 bytes`)
}

function rejectZero(shared: Uint8Array): Uint8Array {
  let acc = 0
  for (const b of shared) acc |= b
  if (acc === 0) throw new LowOrderKeyError('x25519: all-zero shared secret (low-order public key)')
  return shared
}

/** The X25519 public key of a 32-byte secret. */
export function x25519PublicKey(secret: Uint8Array): Uint8Array {
  check32('secret', secret)
  return x25519.getPublicKey(secret)
}

/** X25519(secret, pub) with noble. Throws LowOrderKeyError for low-order public keys. */
export function x25519SharedNoble(secret: Uint8Array, pub: Uint8Array): Uint8Array {
  check32('secret', secret)
  check32('public key', pub)
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(secret, pub)
  } catch {
    throw new LowOrderKeyError('x25519: low-order public key')
  }
  return rejectZero(shared)
}

/** Ed25519 public key → X25519 public key (birational map). Throws ValidationError if not a valid point. */
export function edwardsToMontgomeryPublic(edPub: Uint8Array): Uint8Array {
  if (!(edPub instanceof Uint8Array) || edPub.length !== 32)
    throw new ValidationError('ed25519 public key must be 32 bytes')
  try {
    return ed25519.utils.toMontgomery(edPub)
  } catch {
    throw new ValidationError('not a valid Ed25519 public key')
  }
}

/** Ed25519 seed → X25519 secret scalar (clamped SHA-512 half, as libsodium does). */
export function edwardsToMontgomerySecret(edSeed: Uint8Array): Uint8Array {
  if (!(edSeed instanceof Uint8Array) || edSeed.length !== 32)
    throw new ValidationError('ed25519 seed must be 32 bytes')
  return ed25519.utils.toMontgomerySecret(edSeed)
}

/** Computes X25519 shared secrets for one local secret against many public keys. */
export type X25519Agreement = (pub: Uint8Array) => Promise<Uint8Array>

const ALG = { name: 'X25519' }
/** PKCS#8 prefix of a raw X25519 private key (RFC 8410). */
const PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420')

/** Imported recipient public keys: a circle's members are wrapped for post after post. */
const publicKeys = new KeyCache(1024)

function subtleX25519() {
  const subtle = webCrypto()?.subtle
  if (subtle === undefined) throw new ValidationError('WebCrypto is not available')
  return subtle
}

function agreementWithKey(priv: WebCryptoKey): X25519Agreement {
  const subtle = subtleX25519()
  return async (pub) => {
    check32('public key', pub)
    let bits: ArrayBuffer
    try {
      const key = await publicKeys.get(toHex(pub), () => subtle.importKey('raw', pub, ALG, false, []))
      bits = await subtle.deriveBits({ name: 'X25519', public: key }, priv, 256)
    } catch {
      throw new LowOrderKeyError('x25519: low-order or invalid public key')
    }
    return rejectZero(new Uint8Array(bits))
  }
}

async function webCryptoAgreement(secret: Uint8Array): Promise<X25519Agreement> {
  const priv = await subtleX25519().importKey('pkcs8', concatBytes(PKCS8_PREFIX, secret), ALG, false, [
    'deriveBits',
  ])
  return agreementWithKey(priv)
}

// RFC 7748 §6.1: Alice's secret, Bob's public key, their shared secret.
const PROBE_SECRET = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')
const PROBE_PUB = fromHex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f')
const PROBE_SHARED = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742'
let probe: Promise<boolean> | undefined

/** Whether WebCrypto X25519 works here (checked once against RFC 7748 §6.1, then cached). */
export function webCryptoX25519Supported(): Promise<boolean> {
  probe ??= (async () => {
    try {
      const agree = await webCryptoAgreement(PROBE_SECRET)
      return toHex(await agree(PROBE_PUB)) === PROBE_SHARED
    } catch {
      return false
    }
  })()
  return probe
}

/** X25519 with noble only (for benchmarks and as the fallback). */
export async function x25519AgreementNoble(secret: Uint8Array): Promise<X25519Agreement> {
  check32('secret', secret)
  return async (pub) => x25519SharedNoble(secret, pub)
}

/** X25519 agreement for `secret`, WebCrypto where supported, noble otherwise. Errors: LowOrderKeyError. */
export async function x25519Agreement(secret: Uint8Array): Promise<X25519Agreement> {
  check32('secret', secret)
  if (await webCryptoX25519Supported()) return webCryptoAgreement(secret)
  return x25519AgreementNoble(secret)
}

/** A fresh ephemeral X25519 key pair: its public key and an agreement with its secret. */
export interface X25519Ephemeral {
  pub: Uint8Array
  agree: X25519Agreement
}

/**
 * A fresh ephemeral X25519 key from system randomness: generated inside WebCrypto where supported
 * (its secret never reaches JS, and no pure-JS base multiplication), noble otherwise.
 */
export async function x25519Ephemeral(): Promise<X25519Ephemeral> {
  if (!(await webCryptoX25519Supported())) {
    const secret = randomBytes(X25519_BYTES)
    return { pub: x25519PublicKey(secret), agree: await x25519AgreementNoble(secret) }
  }
  const subtle = subtleX25519()
  const pair = await subtle.generateKey(ALG, false, ['deriveBits'])
  return {
    pub: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)),
    agree: agreementWithKey(pair.privateKey),
  }
}
