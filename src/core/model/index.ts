/** The distsoc data model: ids, identity, canonical bytes, signed posts and records, envelope encryption. */

export { type AudienceContext, resolveRecipients } from './audience.ts'
export { decodeCanonical, encodeCanonical, STRICT_DECODE_OPTIONS } from './canonical.ts'
export {
  decryptAttachment,
  decryptContent,
  type EncryptedPost,
  type EnvelopeOptions,
  encryptForRecipients,
  normalizeRecipients,
  openContentKey,
  rewrapForRecipients,
} from './envelope.ts'
export {
  BINDING_LABEL,
  bindingData,
  ENVELOPE_VERSION,
  type EnvelopeBinding,
  frameCiphertext,
  MAX_ATTACHMENT_PLAINTEXT_BYTES,
  MAX_ENVELOPE_CONTENT_CHARS,
  unframeCiphertext,
  WRAP_CONTEXT,
  WRAPPED_KEY_BYTES,
} from './envelope-format.ts'
export { isPaddingEntry, paddedRecipientCount, realRecipients } from './envelope-padding.ts'
export {
  generateIdentity,
  type Identity,
  identityFromSeed,
  identityFromSeedFast,
  libp2pPrivateKey,
  x25519SecretOf,
} from './identity.ts'
export { DEFAULT_EXPORT_COST, type ExportCost, exportIdentity, importIdentity } from './identity-export.ts'
export {
  identityOpener,
  secretOpener,
  unwrapKey,
  type WrapBinding,
  type WrapOpener,
  wrapKeyFor,
} from './key-wrap.ts'
export {
  isNodeId,
  nodeIdFromPublicKey,
  parseNodeId,
  publicKeyFromNodeId,
  publicKeyFromNodeIdUnsafe,
  x25519PublicFromNodeId,
} from './node-id.ts'
export {
  computePostId,
  createPost,
  newerVisibility,
  POST_DOMAIN,
  type PostInput,
  postSignatureMessage,
  signPost,
  updateVisibility,
  VISIBILITY_DOMAIN,
  verifiedEncodingOf,
  verifyPost,
  visibilitySignatureMessage,
} from './post.ts'
export { parsePost, parseSignedPost, parseVisibility } from './post-shape.ts'
export {
  type GroupSealedAudience,
  MAX_VERSIONS_PER_GENERATION,
  openProfileVersion,
  PROFILE_VERSION_DOMAIN,
  type ProfileVersion,
  type ProfileVersionFields,
  parseOpenedFields,
  parseProfileVersion,
  parseProfileVersionFields,
  type SealedAudience,
  sealProfileVersion,
  verifyProfileVersion,
  versionRecipients,
} from './profile-version.ts'
export {
  blobIdOf,
  DELETE_DOMAIN,
  isValidBlobId,
  PROFILE_DOMAIN,
  parseDeleteRequest,
  parseProfile,
  signDeleteRequest,
  signProfile,
  signRecord,
  verifyDeleteRequest,
  verifyProfile,
} from './records.ts'
export {
  charCount,
  expectArray,
  expectBytes,
  expectObject,
  expectPostId,
  expectString,
  expectUint,
  isHashHex,
} from './shape.ts'
export { shortId } from './short-id.ts'
export { shouldSendPost } from './should-send-post.ts'
export * from './types.ts'
