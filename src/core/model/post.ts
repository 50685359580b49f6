/**
 * Posts: content addressing, signing and the one verification every incoming post passes (docs/design.md §4,
 * §9). PostId = BLAKE3(canonical CBOR of Post); the author signs `"distsoc/post/v1" ‖ id bytes` and,
 * separately, `"distsoc/visibility/v1" ‖ id bytes ‖ u64be(updated_at) ‖ canonical(visibility)`.
 */
import {
  blake3,
  bytesEqual,
  concatBytes,
  fromHex,
  sign,
  toHex,
  u64be,
  utf8,
  verify,
} from '../crypto/index.ts'
import {
  FutureTimestampError,
  IdMismatchError,
  InvalidSignatureError,
  TooLargeError,
  TooManyRecipientsError,
  ValidationError,
} from '../errors.ts'
import { encodeCanonical } from './canonical.ts'
import { MAX_ENVELOPE_CONTENT_CHARS } from './envelope-format.ts'
import type { Identity } from './identity.ts'
import { publicKeyFromNodeIdUnsafe } from './node-id.ts'
import { parsePost, parseSignedPost } from './post-shape.ts'
import { charCount } from './shape.ts'
import {
  type Attachment,
  LIMITS,
  type Millis,
  type Post,
  type PostId,
  type SignedPost,
  type Verified,
  type Visibility,
} from './types.ts'

/** Signature domain of a post id. */
export const POST_DOMAIN = 'distsoc/post/v1'
/** Signature domain of a visibility record. */
export const VISIBILITY_DOMAIN = 'distsoc/visibility/v1'

const POST_DOMAIN_BYTES = utf8(POST_DOMAIN)
const VISIBILITY_DOMAIN_BYTES = utf8(VISIBILITY_DOMAIN)

/**
 * The canonical CBOR that `verifyPost` computed, by the object it encodes (issue 12: the store writes
 * these bytes instead of encoding a received post a second time). Keyed by object identity; only
 * objects `verifyPost` built itself (`parseSignedPost` returns fresh ones) enter, frozen, and only
 * those that hold no byte arrays — a post, a public visibility — since a `Uint8Array`'s contents
 * cannot be frozen. So no later change, by any caller, can leave an entry stale: a frozen object
 * cannot change, and a changed copy is another object, which has no entry.
 */
const encodingsOfVerified = new WeakMap<object, Uint8Array>()

/**
 * The canonical CBOR of a verified post's `post` or public `visibility`, as `verifyPost` computed
 * it (a fresh copy), or undefined for any other object (then encode it yourself). Never throws.
 * Example: `verifiedEncodingOf(verified.post) ?? encodeRecord(verified.post)`.
 */
export function verifiedEncodingOf(value: Post | Visibility): Uint8Array | undefined {
  return encodingsOfVerified.get(value)?.slice()
}

/** Freezes a parsed post and its attachments, and records its encoding (a post holds no bytes). */
function rememberPost(post: Post, bytes: Uint8Array): void {
  for (const a of post.attachments) Object.freeze(a)
  Object.freeze(post.attachments)
  encodingsOfVerified.set(Object.freeze(post), bytes)
}

/** PostId = lowercase hex BLAKE3 of the post's canonical CBOR. */
export function computePostId(post: Post): PostId {
  return toHex(blake3(encodeCanonical(post))) as PostId
}

/** The bytes the author signs for a post id. */
export function postSignatureMessage(id: PostId): Uint8Array {
  return concatBytes(POST_DOMAIN_BYTES, fromHex(id))
}

/** The bytes the author signs for a visibility record. */
export function visibilitySignatureMessage(
  id: PostId,
  updatedAt: Millis,
  visibility: Visibility,
): Uint8Array {
  return concatBytes(VISIBILITY_DOMAIN_BYTES, fromHex(id), u64be(updatedAt), encodeCanonical(visibility))
}

/** What a client supplies to publish; `content` is final (the base64url envelope for encrypted posts). */
export interface PostInput {
  identity: Identity
  content: string
  attachments: Attachment[]
  reply_to?: PostId
  /** Set by re-encrypt: the author's post this one replaces (same `created_at`). */
  replaces?: PostId
  created_at: Millis
}

/** Builds, signs and self-verifies a post with its visibility. Throws what verifyPost throws for bad input. */
export async function createPost(input: PostInput, visibility: Visibility): Promise<Verified<SignedPost>> {
  const post: Post = {
    v: 1,
    author: input.identity.nodeId,
    created_at: input.created_at,
    content: input.content,
    attachments: input.attachments,
    ...(input.reply_to === undefined ? {} : { reply_to: input.reply_to }),
    ...(input.replaces === undefined ? {} : { replaces: input.replaces }),
  }
  return signPost(input.identity, post, visibility, input.created_at)
}

/** Signs a post and its visibility (set at `now`). Throws ValidationError if `identity` is not the author. */
export async function signPost(
  identity: Identity,
  post: Post,
  visibility: Visibility,
  now: Millis,
): Promise<Verified<SignedPost>> {
  const clean = parsePost(post)
  if (clean.author !== identity.nodeId) throw new ValidationError('only the author can sign a post')
  const id = computePostId(clean)
  const visibility_updated_at = Math.max(now, clean.created_at)
  const [signature, visibility_signature] = await Promise.all([
    sign(identity.seed, postSignatureMessage(id)),
    sign(identity.seed, visibilitySignatureMessage(id, visibility_updated_at, visibility)),
  ])
  return verifyPost(
    { id, post: clean, signature, visibility, visibility_signature, visibility_updated_at },
    now,
  )
}

/**
 * Replaces a post's visibility with a newly signed one (seed D-2 "sync access list"). The new
 * `visibility_updated_at` is `now`, or one past the old one if the clock is behind, so it always wins.
 */
export async function updateVisibility(
  identity: Identity,
  signed: SignedPost,
  visibility: Visibility,
  now: Millis,
): Promise<Verified<SignedPost>> {
  if (signed.post.author !== identity.nodeId)
    throw new ValidationError('only the author can change visibility')
  const updatedAt = Math.max(now, signed.visibility_updated_at + 1)
  const visibility_signature = await sign(
    identity.seed,
    visibilitySignatureMessage(signed.id, updatedAt, visibility),
  )
  return verifyPost(
    { ...signed, visibility, visibility_signature, visibility_updated_at: updatedAt },
    updatedAt,
  )
}

/** Of two verified copies of the same post, the one whose visibility is newer (ties: larger signature bytes). */
export function newerVisibility<T extends SignedPost>(a: T, b: T): T {
  if (a.visibility_updated_at !== b.visibility_updated_at) {
    return a.visibility_updated_at > b.visibility_updated_at ? a : b
  }
  return toHex(a.visibility_signature) >= toHex(b.visibility_signature) ? a : b
}

function checkLimits(sp: SignedPost, visibilityBytes: number): void {
  const { post, visibility } = sp
  if (visibility.type === 'public') {
    // Characters are code points, never more than UTF-16 units: most posts need no count (issue 12).
    if (post.content.length > LIMITS.postChars && charCount(post.content) > LIMITS.postChars)
      throw new TooLargeError(`post text exceeds ${LIMITS.postChars} characters`)
  } else if (post.content.length > MAX_ENVELOPE_CONTENT_CHARS) {
    throw new TooLargeError('encrypted post content is too large')
  }
  if (post.attachments.length > LIMITS.attachments)
    throw new TooLargeError(`more than ${LIMITS.attachments} attachments`)
  for (const a of post.attachments) {
    if (a.size > LIMITS.blobBytes) throw new TooLargeError('attachment exceeds the blob size limit')
  }
  if (visibility.type === 'encrypted' && visibility.recipients.length > LIMITS.recipients) {
    throw new TooManyRecipientsError(`more than ${LIMITS.recipients} recipients`)
  }
  if (visibilityBytes > LIMITS.visibilityBytes) throw new TooLargeError('visibility metadata exceeds 256 KiB')
}

/**
 * The gate every incoming post passes before it is stored or shown (docs/design.md §4, §9): strict shape
 * (no extra fields), size limits, id = hash of the post, timestamps at most LIMITS.futureSkewMs
 * ahead of `now`, and both signatures by `post.author`. Errors: ValidationError, InvalidNodeIdError,
 * TooLargeError, TooManyRecipientsError, IdMismatchError, FutureTimestampError, InvalidSignatureError.
 */
export async function verifyPost(candidate: unknown, now: Millis): Promise<Verified<SignedPost>> {
  const sp = parseSignedPost(candidate)
  const visibilityBytes = encodeCanonical(sp.visibility)
  checkLimits(sp, visibilityBytes.length)
  const postBytes = encodeCanonical(sp.post)
  const idBytes = fromHex(sp.id)
  if (!bytesEqual(blake3(postBytes), idBytes)) throw new IdMismatchError('post id does not match its content')
  const latest = now + LIMITS.futureSkewMs
  if (sp.post.created_at > latest) throw new FutureTimestampError('post created_at is in the future')
  if (sp.visibility_updated_at > latest)
    throw new FutureTimestampError('visibility_updated_at is in the future')
  if (sp.visibility_updated_at < sp.post.created_at) {
    throw new ValidationError('visibility_updated_at precedes created_at')
  }
  const pub = publicKeyFromNodeIdUnsafe(sp.post.author)
  const visMessage = concatBytes(
    VISIBILITY_DOMAIN_BYTES,
    idBytes,
    u64be(sp.visibility_updated_at),
    visibilityBytes,
  )
  const [postOk, visOk] = await Promise.all([
    verify(pub, concatBytes(POST_DOMAIN_BYTES, idBytes), sp.signature),
    verify(pub, visMessage, sp.visibility_signature),
  ])
  if (!postOk) throw new InvalidSignatureError('post signature does not verify for its author')
  if (!visOk) throw new InvalidSignatureError('visibility signature does not verify for its author')
  rememberPost(sp.post, postBytes)
  if (sp.visibility.type === 'public') encodingsOfVerified.set(Object.freeze(sp.visibility), visibilityBytes)
  return sp as Verified<SignedPost>
}
