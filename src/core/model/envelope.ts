/**
 * Envelope encryption v2 (docs/design.md §4, seed D-1/D-2, issue 10): a random 32-byte CEK per post encrypts
 * the text and each attachment (XChaCha20-Poly1305, fresh 24-byte nonce each); the CEK is wrapped per
 * recipient by key-wrap.ts with the context "distsoc v2 wrap" and one fresh ephemeral X25519 key per
 * post, so the sender's static key never enters the DH. Every AEAD has the post's author and created_at as associated data
 * (envelope-format.ts), so a ciphertext re-signed under another name fails with DecryptionError.
 */
import {
  fromBase64Url,
  fromUtf8,
  open,
  type RandomSource,
  randomBytes,
  seal,
  toBase64Url,
  utf8,
} from '../crypto/index.ts'
import {
  MalformedError,
  NotARecipientError,
  TooLargeError,
  TooManyRecipientsError,
  ValidationError,
} from '../errors.ts'
import {
  bindingData,
  type EnvelopeBinding,
  frameCiphertext,
  MAX_ATTACHMENT_PLAINTEXT_BYTES,
  MAX_ENVELOPE_CONTENT_CHARS,
  PLAINTEXT_HEADER_CHARS,
  unframeCiphertext,
  WRAP_CONTEXT,
} from './envelope-format.ts'
import { paddedRecipientCount, paddingEntries } from './envelope-padding.ts'
import type { Identity } from './identity.ts'
import { identityOpener, unwrapKey, wrapKeyFor } from './key-wrap.ts'
import { parseNodeId, x25519PublicFromNodeId } from './node-id.ts'
import { charCount } from './shape.ts'
import { LIMITS, type NodeId, type Visibility, type WrappedKey } from './types.ts'

/** Options shared by the encrypting functions; `random` is injectable so test vectors are reproducible. */
export interface EnvelopeOptions {
  random?: RandomSource
  /** Pad the recipient list to its bucket with random NodeIds (envelope-padding.ts). */
  pad?: boolean
  /**
   * Padding entries of an earlier header of the same CEK to keep (a re-wrap): they stay valid padding,
   * and fresh ones would show a holder of both headers which entries are padding (real ones persist).
   */
  keepPadding?: readonly WrappedKey[]
}

/** What encryptForRecipients returns: the post's `content`, the attachment blobs, the visibility, and the CEK. */
export interface EncryptedPost {
  /** base64url of 0x02 ‖ nonce ‖ ciphertext. */
  content: string
  /** Ciphertext blobs, in the order of the plaintext attachments. */
  attachments: Uint8Array[]
  visibility: Extract<Visibility, { type: 'encrypted' }>
  /** The content key; keep it (locally only) to re-wrap later without re-encrypting. */
  cek: Uint8Array
}

function encryptBytes(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  random: RandomSource,
): Uint8Array {
  const nonce = random(24)
  return frameCiphertext(nonce, seal(key, nonce, plaintext, aad))
}

function decryptBytes(key: Uint8Array, bytes: Uint8Array, aad: Uint8Array): Uint8Array {
  const { nonce, sealed } = unframeCiphertext(bytes)
  return open(key, nonce, sealed, aad)
}

/** Distinct, valid recipients in first-seen order. Errors: ValidationError (none), TooManyRecipientsError, InvalidNodeIdError. */
export function normalizeRecipients(recipients: readonly unknown[]): NodeId[] {
  const unique = [...new Set(recipients.map((r) => parseNodeId(r)))]
  if (unique.length === 0) throw new ValidationError('an encrypted post needs at least one recipient')
  if (unique.length > LIMITS.recipients)
    throw new TooManyRecipientsError(`more than ${LIMITS.recipients} recipients`)
  return unique
}

/**
 * Wraps an existing CEK for a (new) recipient list under a fresh ephemeral key: seed D-2's cheap
 * "sync access list"; `binding` is the post's author and created_at. With `pad`, padding entries
 * follow the real ones. Errors: as normalizeRecipients, LowOrderKeyError, ValidationError.
 */
export async function rewrapForRecipients(
  cek: Uint8Array,
  recipients: readonly NodeId[],
  binding: EnvelopeBinding,
  opts: EnvelopeOptions = {},
): Promise<EncryptedPost['visibility']> {
  if (!(cek instanceof Uint8Array) || cek.length !== 32)
    throw new ValidationError('content key must be 32 bytes')
  const random = opts.random ?? randomBytes
  const list = normalizeRecipients(recipients)
  const binds = { context: WRAP_CONTEXT, aad: bindingData(binding) }
  const pubs = list.map((r) => x25519PublicFromNodeId(r))
  const { ephemeral_pub: ephPub, wrapped: keys } = await wrapKeyFor(cek, pubs, binds, random)
  const wrapped: WrappedKey[] = list.map((recipient, i) => ({ recipient, wrapped: keys[i]! }))
  if (opts.pad === true) {
    const missing = paddedRecipientCount(list.length) - list.length
    const kept = (opts.keepPadding ?? []).filter((p) => !list.includes(p.recipient)).slice(0, missing)
    wrapped.push(...kept, ...(await paddingEntries(cek, missing - kept.length, random)))
  }
  return { type: 'encrypted', v: 1, ephemeral_pub: ephPub, recipients: wrapped }
}

/**
 * Encrypts a post's text and attachments for a recipient list (deduplicated; the caller includes the
 * author, see audience.ts), bound to the post's `author` and `created_at`. Errors: ValidationError
 * (no recipients, bad input), TooManyRecipientsError, TooLargeError (text or attachment too large),
 * InvalidNodeIdError, LowOrderKeyError.
 */
export async function encryptForRecipients(
  input: {
    plaintext: string
    attachments: Uint8Array[]
    recipients: readonly NodeId[]
  } & EnvelopeBinding,
  opts: EnvelopeOptions = {},
): Promise<EncryptedPost> {
  const random = opts.random ?? randomBytes
  if (typeof input.plaintext !== 'string') throw new ValidationError('plaintext must be a string')
  if (charCount(input.plaintext) > LIMITS.postChars + PLAINTEXT_HEADER_CHARS)
    throw new TooLargeError('post text is too long')
  if (input.attachments.length > LIMITS.attachments) throw new TooLargeError('too many attachments')
  for (const a of input.attachments) {
    if (!(a instanceof Uint8Array)) throw new ValidationError('attachments must be bytes')
    if (a.length > MAX_ATTACHMENT_PLAINTEXT_BYTES)
      throw new TooLargeError('attachment is too large to encrypt')
  }
  normalizeRecipients(input.recipients)
  const binding = { author: input.author, created_at: input.created_at }
  const aad = bindingData(binding)
  const cek = random(32)
  const content = toBase64Url(encryptBytes(cek, utf8(input.plaintext), aad, random))
  const attachments = input.attachments.map((a) => encryptBytes(cek, a, aad, random))
  const visibility = await rewrapForRecipients(cek, input.recipients, binding, {
    random,
    ...(opts.pad === undefined ? {} : { pad: opts.pad }),
  })
  return { content, attachments, visibility, cek }
}

/**
 * Unwraps this identity's copy of the CEK of a post by `binding.author` at `binding.created_at`.
 * Errors: NotARecipientError (public post or not listed), LowOrderKeyError (forged ephemeral key),
 * UnsupportedVersionError (v1), DecryptionError (tampered, truncated, or re-signed by another author).
 */
export async function openContentKey(
  identity: Identity,
  binding: EnvelopeBinding,
  visibility: Visibility,
): Promise<Uint8Array> {
  if (visibility.type !== 'encrypted') throw new NotARecipientError('the post is public')
  const entry = visibility.recipients.find((r) => r.recipient === identity.nodeId)
  if (entry === undefined) throw new NotARecipientError('this identity is not among the recipients')
  const binds = { context: WRAP_CONTEXT, aad: bindingData(binding) }
  return unwrapKey(await identityOpener(identity), visibility.ephemeral_pub, entry.wrapped, binds)
}

/**
 * Decrypts an encrypted post's `content` bound to `binding`. Errors: MalformedError (not base64url /
 * not UTF-8), UnsupportedVersionError, DecryptionError.
 */
export function decryptContent(cek: Uint8Array, content: string, binding: EnvelopeBinding): string {
  if (typeof content !== 'string' || content.length > MAX_ENVELOPE_CONTENT_CHARS) {
    throw new MalformedError('encrypted content has a bad size')
  }
  let bytes: Uint8Array
  try {
    bytes = fromBase64Url(content)
  } catch {
    throw new MalformedError('encrypted content is not base64url')
  }
  try {
    return fromUtf8(decryptBytes(cek, bytes, bindingData(binding)))
  } catch (err) {
    if (err instanceof ValidationError) throw new MalformedError('decrypted content is not UTF-8')
    throw err
  }
}

/** Decrypts an attachment blob of the post `binding` names. Errors: UnsupportedVersionError, DecryptionError. */
export function decryptAttachment(cek: Uint8Array, bytes: Uint8Array, binding: EnvelopeBinding): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new MalformedError('attachment must be bytes')
  return decryptBytes(cek, bytes, bindingData(binding))
}
