/**
 * The one key wrap of distsoc (docs/design.md §4 and §14; docs/protocol/envelope.md, groups.md): a
 * 32-byte key (a post's CEK, or a group's epoch secret) wrapped for X25519 public keys under one
 * fresh ephemeral key per call:
 *   wrapped = 0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, key[32], AD)                   (73 bytes)
 *   K       = BLAKE3.derive_key(context, DH(ephemeral, recipient) ‖ ephemeral_pub ‖ recipient_pub)
 * The envelope (context "distsoc v2 wrap"), the epoch keys ("distsoc v2 group key") and the group
 * posts ("distsoc v2 group wrap") differ only in `context` and `aad`. Randomness order with an
 * injected source: the ephemeral secret, then one nonce per recipient.
 */
import {
  concatBytes,
  deriveKey,
  open,
  type RandomSource,
  randomBytes,
  seal,
  type X25519Agreement,
  type X25519Ephemeral,
  x25519Agreement,
  x25519Ephemeral,
  x25519PublicKey,
} from '../crypto/index.ts'
import { DecryptionError, ValidationError } from '../errors.ts'
import { frameCiphertext, unframeCiphertext, WRAPPED_KEY_BYTES } from './envelope-format.ts'
import { type Identity, x25519SecretOf } from './identity.ts'
import { x25519PublicFromNodeId } from './node-id.ts'

/** What a wrap is bound to: the derive_key context of its key and the AEAD's associated data. */
export interface WrapBinding {
  context: string
  aad: Uint8Array
}

/** Whoever opens a wrap: their X25519 agreement and their X25519 public key. */
export interface WrapOpener {
  agree: X25519Agreement
  pub: Uint8Array
}

/** The ephemeral key of one wrap call: from WebCrypto, or drawn from an injected `random` (vectors). */
async function ephemeralKey(random: RandomSource): Promise<X25519Ephemeral> {
  if (random === randomBytes) return x25519Ephemeral()
  const secret = random(32)
  return { pub: x25519PublicKey(secret), agree: await x25519Agreement(secret) }
}

function wrappingKey(context: string, dh: Uint8Array, ephPub: Uint8Array, recipientPub: Uint8Array) {
  return deriveKey(context, concatBytes(dh, ephPub, recipientPub))
}

/**
 * Wraps `key` for each X25519 public key of `recipients` (in order) under one fresh ephemeral key.
 * Errors: ValidationError (key not 32 bytes), LowOrderKeyError (a low-order recipient key).
 */
export async function wrapKeyFor(
  key: Uint8Array,
  recipients: readonly Uint8Array[],
  binding: WrapBinding,
  random: RandomSource = randomBytes,
): Promise<{ ephemeral_pub: Uint8Array; wrapped: Uint8Array[] }> {
  if (!(key instanceof Uint8Array) || key.length !== 32)
    throw new ValidationError('a wrapped key must be 32 bytes')
  const { pub: ephPub, agree } = await ephemeralKey(random)
  const shared = await Promise.all(recipients.map((pub) => agree(pub)))
  const wrapped = recipients.map((pub, i) => {
    const nonce = random(24)
    const k = wrappingKey(binding.context, shared[i]!, ephPub, pub)
    return frameCiphertext(nonce, seal(k, nonce, key, binding.aad))
  })
  return { ephemeral_pub: ephPub, wrapped }
}

/**
 * Opens one wrap made by wrapKeyFor for `opener`. Errors: UnsupportedVersionError (not 0x02),
 * DecryptionError (wrong size, tampered, another context or associated data, not for this key),
 * LowOrderKeyError (a forged ephemeral key).
 */
export async function unwrapKey(
  opener: WrapOpener,
  ephemeralPub: Uint8Array,
  wrapped: Uint8Array,
  binding: WrapBinding,
): Promise<Uint8Array> {
  const { nonce, sealed } = unframeCiphertext(wrapped)
  if (wrapped.length !== WRAPPED_KEY_BYTES) throw new DecryptionError('wrapped key has the wrong size')
  const dh = await opener.agree(ephemeralPub)
  return open(wrappingKey(binding.context, dh, ephemeralPub, opener.pub), nonce, sealed, binding.aad)
}

const identityAgreements = new WeakMap<Identity, Promise<X25519Agreement>>()

/** The opener of an identity's wraps (its X25519 agreement is made once per identity object). */
export async function identityOpener(identity: Identity): Promise<WrapOpener> {
  let agree = identityAgreements.get(identity)
  if (agree === undefined) {
    agree = x25519Agreement(x25519SecretOf(identity))
    identityAgreements.set(identity, agree)
  }
  return { agree: await agree, pub: x25519PublicFromNodeId(identity.nodeId) }
}

/** The opener of wraps for a raw X25519 secret (a group's epoch key). Errors: ValidationError. */
export async function secretOpener(secret: Uint8Array): Promise<WrapOpener> {
  return { agree: await x25519Agreement(secret), pub: x25519PublicKey(secret) }
}
