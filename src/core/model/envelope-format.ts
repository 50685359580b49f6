/**
 * Byte layouts of the envelope (docs/design.md §4, issue 10 "envelope v2 binds the author"). Every
 * ciphertext starts with a version byte:
 *   content / attachment: 0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(CEK, plaintext, AD)
 *   wrapped key:          0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, CEK, AD)   (73 bytes)
 * K  = BLAKE3.derive_key("distsoc v2 wrap", DH(ephemeral, recipient) ‖ ephemeral_pub ‖ recipient_pub)
 * AD = "distsoc v2 envelope" ‖ author Ed25519 public key[32] ‖ u64be(created_at)
 * so a ciphertext re-signed under another author (or another time) no longer opens. v1 (0x01,
 * no associated data) is refused with UnsupportedVersionError.
 */
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, concatBytes, u64be, utf8 } from '../crypto/index.ts'
import { DecryptionError, UnsupportedVersionError } from '../errors.ts'
import { publicKeyFromNodeId } from './node-id.ts'
import { LIMITS, type NodeId } from './types.ts'

/** Version byte of every v2 ciphertext. */
export const ENVELOPE_VERSION = 0x02
/** BLAKE3 derive_key context for wrapping keys. */
export const WRAP_CONTEXT = 'distsoc v2 wrap'
/** Prefix of the associated data that binds an envelope to its post's author and time. */
export const BINDING_LABEL = 'distsoc v2 envelope'
/** Bytes of version + nonce + tag around a plaintext. */
export const ENVELOPE_OVERHEAD = 1 + AEAD_NONCE_BYTES + AEAD_TAG_BYTES
/** Length of a wrapped content key. */
export const WRAPPED_KEY_BYTES = ENVELOPE_OVERHEAD + 32
/** Characters an app may put before the text inside the envelope (a kind header, app/encrypted-body.ts). */
export const PLAINTEXT_HEADER_CHARS = 8
/** Largest encrypted post text in UTF-8 bytes (postChars code points of up to 4 bytes, plus the header). */
export const MAX_PLAINTEXT_BYTES = (LIMITS.postChars + PLAINTEXT_HEADER_CHARS) * 4
/** Largest base64url `content` of an encrypted post. */
export const MAX_ENVELOPE_CONTENT_CHARS = Math.ceil(((MAX_PLAINTEXT_BYTES + ENVELOPE_OVERHEAD) * 4) / 3)
/** Largest attachment plaintext, so its ciphertext fits in a blob. */
export const MAX_ATTACHMENT_PLAINTEXT_BYTES = LIMITS.blobBytes - ENVELOPE_OVERHEAD

/** The post fields an envelope is bound to: its signed author and `created_at`. */
export interface EnvelopeBinding {
  author: NodeId
  created_at: number
}

/** The associated data of every AEAD in an envelope. Throws InvalidNodeIdError / ValidationError on a bad binding. */
export function bindingData(binding: EnvelopeBinding): Uint8Array {
  return concatBytes(utf8(BINDING_LABEL), publicKeyFromNodeId(binding.author), u64be(binding.created_at))
}

/** Assembles version ‖ nonce ‖ sealed. */
export function frameCiphertext(nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), nonce, sealed)
}

/** Splits a v2 ciphertext. Throws UnsupportedVersionError (v1 or unknown) or DecryptionError (truncated). */
export function unframeCiphertext(bytes: Uint8Array): { nonce: Uint8Array; sealed: Uint8Array } {
  if (bytes.length === 0) throw new DecryptionError('empty ciphertext')
  if (bytes[0] !== ENVELOPE_VERSION)
    throw new UnsupportedVersionError(`ciphertext version ${bytes[0]} is not supported`)
  if (bytes.length < ENVELOPE_OVERHEAD) throw new DecryptionError('truncated ciphertext')
  return { nonce: bytes.subarray(1, 1 + AEAD_NONCE_BYTES), sealed: bytes.subarray(1 + AEAD_NONCE_BYTES) }
}
