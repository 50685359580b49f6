/** Thin wrappers over @noble/* and WebCrypto: the only cryptography core uses (docs/house-rules.md §3). */
export { AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, open, seal } from './aead.ts'
export {
  bytesEqual,
  concatBytes,
  fromBase64Url,
  fromHex,
  fromUtf8,
  toBase64Url,
  toHex,
  u64be,
  utf8,
} from './bytes.ts'
export {
  ED25519_PUBLIC_BYTES,
  ED25519_SEED_BYTES,
  ED25519_SIGNATURE_BYTES,
  type Ed25519Impl,
  ed25519Best,
  ed25519Noble,
  ed25519PublicKey,
  ed25519PublicKeyFast,
  ed25519WebCrypto,
  sign,
  throwawayEd25519PublicKey,
  verify,
  webCryptoEd25519Supported,
} from './ed25519.ts'
export { blake3, blake3Keyed, deriveKey } from './hash.ts'
export { type RandomSource, randomBytes } from './random.ts'
export { offloadVerify, type VerifyOffload } from './verify-offload.ts'
export {
  edwardsToMontgomeryPublic,
  edwardsToMontgomerySecret,
  webCryptoX25519Supported,
  X25519_BYTES,
  type X25519Agreement,
  type X25519Ephemeral,
  x25519Agreement,
  x25519AgreementNoble,
  x25519Ephemeral,
  x25519PublicKey,
  x25519SharedNoble,
} from './x25519.ts'
