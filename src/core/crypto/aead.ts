/** XChaCha20-Poly1305 (noble) sealing with a 24-byte nonce; open failures become DecryptionError. */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { DecryptionError, ValidationError } from '../errors.ts'

/** Key length of XChaCha20-Poly1305. */
export const AEAD_KEY_BYTES = 32
/** Nonce length of XChaCha20-Poly1305. */
export const AEAD_NONCE_BYTES = 24
/** Authentication tag length appended to every ciphertext. */
export const AEAD_TAG_BYTES = 16

function checkKeyNonce(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== AEAD_KEY_BYTES) throw new ValidationError('aead: key must be 32 bytes')
  if (nonce.length !== AEAD_NONCE_BYTES) throw new ValidationError('aead: nonce must be 24 bytes')
}

/** Encrypts and authenticates: returns ciphertext ‖ 16-byte tag. Throws ValidationError on bad key/nonce size. */
export function seal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  checkKeyNonce(key, nonce)
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
}

/** Authenticates and decrypts ciphertext ‖ tag. Throws DecryptionError if it was tampered with or the key is wrong. */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
  checkKeyNonce(key, nonce)
  if (sealed.length < AEAD_TAG_BYTES) throw new DecryptionError('aead: ciphertext shorter than its tag')
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(sealed)
  } catch {
    throw new DecryptionError('aead: authentication failed')
  }
}
