/**
 * Entry checks for posts and their local metadata. A `Verified<SignedPost>` has passed its
 * signature check, but the store still checks shapes at runtime (it may be called across RPC).
 */
import { TooLargeError, ValidationError } from '../errors.ts'
import {
  type GroupId,
  LIMITS,
  type SignedPost,
  type Visibility,
  type VisibilityIntent,
  verifiedEncodingOf,
} from '../model/index.ts'
import { encodeRecord } from './record-codec.ts'
import {
  checkBlobId,
  checkMillis,
  checkName,
  checkNodeId,
  checkNodeIds,
  checkObject,
  checkPostId,
  checkString,
} from './validate.ts'

/** Encrypted content is base64url of the ciphertext, so allow well above `LIMITS.postChars`. */
const CONTENT_MAX_CHARS = 64 * 1024
const SIGNATURE_BYTES = 64

/** Local-only facts about a post, kept beside it (never synced). */
export interface PostLocal {
  /** Decrypted (or public) text, cached for search and display; `null` if unreadable. */
  plaintext?: string | null
  /** For a direct message: the other party; `null` otherwise. */
  dm_peer?: SignedPost['post']['author'] | null
  /** For own posts: what the user picked in the composer. */
  audience?: VisibilityIntent | null
}

function checkSignature(value: unknown, arg: string): void {
  if (!(value instanceof Uint8Array) || value.length !== SIGNATURE_BYTES) {
    throw new ValidationError(`${arg}: must be ${SIGNATURE_BYTES} bytes`)
  }
}

/** Checks a visibility's shape and size; returns its encoded bytes. */
export function checkVisibility(value: unknown, arg: string): Uint8Array {
  checkObject(value, arg)
  if (value.type === 'encrypted') {
    if (value.v !== 1) throw new ValidationError(`${arg}.v: must be 1`)
    if (!(value.ephemeral_pub instanceof Uint8Array))
      throw new ValidationError(`${arg}.ephemeral_pub: must be bytes`)
    if (!Array.isArray(value.recipients)) throw new ValidationError(`${arg}.recipients: must be an array`)
    value.recipients.forEach((r: unknown, i: number) => {
      checkObject(r, `${arg}.recipients[${i}]`)
      checkNodeId(r.recipient, `${arg}.recipients[${i}].recipient`)
      if (!(r.wrapped instanceof Uint8Array))
        throw new ValidationError(`${arg}.recipients[${i}].wrapped: bytes`)
    })
  } else if (value.type === 'group') {
    if (value.v !== 1) throw new ValidationError(`${arg}.v: must be 1`)
    if (typeof value.group !== 'string' || !/^[0-9a-f]{64}$/.test(value.group))
      throw new ValidationError(`${arg}.group: must be a group id`)
    checkMillis(value.epoch, `${arg}.epoch`)
    if (!(value.ephemeral_pub instanceof Uint8Array) || !(value.wrapped instanceof Uint8Array))
      throw new ValidationError(`${arg}: ephemeral_pub and wrapped must be bytes`)
  } else if (value.type !== 'public') {
    throw new ValidationError(`${arg}.type: must be public, encrypted or group`)
  }
  // A visibility verifyPost froze keeps the bytes it checked (issue 12); any other is encoded here.
  const bytes =
    verifiedEncodingOf(value as unknown as Visibility) ?? encodeRecord(value as unknown as Visibility)
  if (bytes.length > LIMITS.visibilityBytes)
    throw new TooLargeError(`${arg}: over ${LIMITS.visibilityBytes} bytes`)
  return bytes
}

/**
 * Checks every field of a signed post; returns the encoded post and visibility — for a post
 * `verifyPost` returned, the bytes it computed (`verifiedEncodingOf`), else encoded here.
 */
export function checkSignedPost(
  p: unknown,
  arg: string,
): { postBytes: Uint8Array; visibilityBytes: Uint8Array } {
  checkObject(p, arg)
  checkPostId(p.id, `${arg}.id`)
  checkObject(p.post, `${arg}.post`)
  const post = p.post
  if (post.v !== 1) throw new ValidationError(`${arg}.post.v: must be 1`)
  checkNodeId(post.author, `${arg}.post.author`)
  checkMillis(post.created_at, `${arg}.post.created_at`)
  checkString(post.content, `${arg}.post.content`, CONTENT_MAX_CHARS)
  if (!Array.isArray(post.attachments)) throw new ValidationError(`${arg}.post.attachments: must be an array`)
  if (post.attachments.length > LIMITS.attachments) {
    throw new ValidationError(`${arg}.post.attachments: more than ${LIMITS.attachments}`)
  }
  post.attachments.forEach((a: unknown, i: number) => {
    const at = `${arg}.post.attachments[${i}]`
    checkObject(a, at)
    checkBlobId(a.blob, `${at}.blob`)
    checkString(a.mime, `${at}.mime`, 255)
    checkMillis(a.size, `${at}.size`)
    if ((a.size as number) > LIMITS.blobBytes) throw new TooLargeError(`${at}.size: over ${LIMITS.blobBytes}`)
  })
  if (post.reply_to !== undefined) checkPostId(post.reply_to, `${arg}.post.reply_to`)
  if (post.replaces !== undefined) checkPostId(post.replaces, `${arg}.post.replaces`)
  checkSignature(p.signature, `${arg}.signature`)
  const visibilityBytes = checkVisibility(p.visibility, `${arg}.visibility`)
  checkSignature(p.visibility_signature, `${arg}.visibility_signature`)
  checkMillis(p.visibility_updated_at, `${arg}.visibility_updated_at`)
  const checked = post as unknown as SignedPost['post']
  // A post verifyPost froze keeps the bytes it hashed (issue 12); any other is encoded here.
  return { postBytes: verifiedEncodingOf(checked) ?? encodeRecord(checked), visibilityBytes }
}

/** Checks a composer intent (the `audience` of an own post). */
export function checkIntent(value: unknown, arg: string): VisibilityIntent {
  checkObject(value, arg)
  switch (value.type) {
    case 'public':
    case 'friends':
      return { type: value.type }
    case 'circle':
      return { type: 'circle', name: checkName(value.name, `${arg}.name`) }
    case 'direct':
      return {
        type: 'direct',
        recipients: checkNodeIds(value.recipients, `${arg}.recipients`, LIMITS.recipients),
      }
    case 'group':
      if (typeof value.id !== 'string' || !/^[0-9a-f]{64}$/.test(value.id))
        throw new ValidationError(`${arg}.id: must be a group id`)
      return { type: 'group', id: value.id as GroupId }
    default:
      throw new ValidationError(`${arg}.type: not a visibility intent`)
  }
}

/** Checks `PostLocal`; returns it normalised (absent fields as `null`). */
export function checkPostLocal(
  local: unknown,
  arg: string,
): { plaintext: string | null; dm_peer: string | null; audience: VisibilityIntent | null } {
  if (local === undefined) return { plaintext: null, dm_peer: null, audience: null }
  checkObject(local, arg)
  const plaintext = local.plaintext ?? null
  if (plaintext !== null) checkString(plaintext, `${arg}.plaintext`, CONTENT_MAX_CHARS)
  const dmPeer = local.dm_peer ?? null
  if (dmPeer !== null) checkNodeId(dmPeer, `${arg}.dm_peer`)
  const audience = local.audience == null ? null : checkIntent(local.audience, `${arg}.audience`)
  return { plaintext: plaintext as string | null, dm_peer: dmPeer as string | null, audience }
}

/** Lower-cased text for case-insensitive search (Unicode-aware, computed here, not in SQL). */
export function searchText(plaintext: string | null): string | null {
  return plaintext === null ? null : plaintext.toLowerCase()
}
