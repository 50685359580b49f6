/**
 * Byte layouts of the envelope (DESIGN §4). Every ciphertext starts with a version byte:
 *   content / attachment: 0x01 ‖ nonce[24] ‖ XChaCha20-Poly1305(CEK, plaintext)
 *   wrapped key:          0x01 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, CEK)   (73 bytes)
 * K = BLAKE3.derive_key("distsoc v1 wrap", DH(ephemeral, recipient) ‖ ephemeral_pub ‖ recipient_pub).
 */
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, concatBytes } from '../crypto/index.ts'
import { DecryptionError, UnsupportedVersionError } from '../errors.ts'
import { LIMITS } from './types.ts'

/** Version byte of every v1 ciphertext. */
export const ENVELOPE_VERSION = 0x01
/** BLAKE3 derive_key context for wrapping keys. */
export const WRAP_CONTEXT = 'distsoc v1 wrap'
/** Bytes of version + nonce + tag around a plaintext. */
export const ENVELOPE_OVERHEAD = 1 + AEAD_NONCE_BYTES + AEAD_TAG_BYTES
/** Length of a v1 wrapped content key. */
export const WRAPPED_KEY_BYTES = ENVELOPE_OVERHEAD + 32
/** Characters an app may put before the text inside the envelope (a kind header, app/encrypted-body.ts). */
export const PLAINTEXT_HEADER_CHARS = 8
/** Largest encrypted post text in UTF-8 bytes (postChars code points of up to 4 bytes, plus the header). */
export const MAX_PLAINTEXT_BYTES = (LIMITS.postChars + PLAINTEXT_HEADER_CHARS) * 4
/** Largest base64url `content` of an encrypted post. */
export const MAX_ENVELOPE_CONTENT_CHARS = Math.ceil(((MAX_PLAINTEXT_BYTES + ENVELOPE_OVERHEAD) * 4) / 3)
/** Largest attachment plaintext, so its ciphertext fits in a blob. */
export const MAX_ATTACHMENT_PLAINTEXT_BYTES = LIMITS.blobBytes - ENVELOPE_OVERHEAD

/** Assembles version ‖ nonce ‖ sealed. */
export function frameCiphertext(nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), nonce, sealed)
}

/** Splits a v1 ciphertext. Throws UnsupportedVersionError or DecryptionError (truncated). */
export function unframeCiphertext(bytes: Uint8Array): { nonce: Uint8Array; sealed: Uint8Array } {
  if (bytes.length === 0) throw new DecryptionError('empty ciphertext')
  if (bytes[0] !== ENVELOPE_VERSION)
    throw new UnsupportedVersionError(`ciphertext version ${bytes[0]} is not supported`)
  if (bytes.length < ENVELOPE_OVERHEAD) throw new DecryptionError('truncated ciphertext')
  return { nonce: bytes.subarray(1, 1 + AEAD_NONCE_BYTES), sealed: bytes.subarray(1 + AEAD_NONCE_BYTES) }
}
