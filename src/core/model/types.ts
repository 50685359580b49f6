/**
 * The distsoc data model (seed Phase A, C-2, D-1; docs/design.md §3–§4). Wire and storage shapes only:
 * functions that build, sign and verify these live beside them in `src/core/model/`.
 */

declare const brand: unique symbol
/** A nominal type: a `T` that has been checked to be an `Name`. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name }

/** A user's id: the libp2p PeerId string of their Ed25519 key (`12D3KooW…`), docs/design.md §3. */
export type NodeId = Brand<string, 'NodeId'>
/** BLAKE3 of a post's canonical CBOR bytes, lowercase hex (64 chars), docs/design.md §4. */
export type PostId = Brand<string, 'PostId'>
/** BLAKE3 of a blob's bytes, lowercase hex (64 chars). */
export type BlobId = Brand<string, 'BlobId'>

/** A group's id (issue 14): lowercase hex BLAKE3 of its creator, time and nonce (groups/group-id.ts). */
export type GroupId = Brand<string, 'GroupId'>

/** A member's role in a group (issue 14): what they may do; every member may read. */
export type GroupRole = 'admin' | 'moderator' | 'poster' | 'viewer'

/** Milliseconds since the Unix epoch. */
export type Millis = number

/** Limits from the seed's design constraints and docs/design.md §4–§5. */
export const LIMITS = {
  /** A blob (attachment), plaintext or ciphertext. */
  blobBytes: 256 * 1024,
  /** Encoded visibility metadata. */
  visibilityBytes: 256 * 1024,
  /** Recipients of one encrypted post before groups are needed. */
  recipients: 500,
  /** Characters of post text. */
  postChars: 5000,
  /** Attachments on one post. */
  attachments: 4,
  /** How far in the future a `created_at` / `updated_at` may be. */
  futureSkewMs: 15 * 60 * 1000,
  displayNameChars: 64,
  bioChars: 500,
  /** Anchors a profile lists (seed: 2–4; 0 allowed before any is chosen). */
  profileAnchors: 4,
  /** Sync control frames / blob frames (docs/design.md §5). */
  controlFrameBytes: 64 * 1024,
  blobFrameBytes: 260 * 1024,
} as const

/** A file attached to a post, stored as a content-addressed blob. */
export interface Attachment {
  blob: BlobId
  /** MIME type of the plaintext, e.g. `image/webp`. */
  mime: string
  /** Bytes of the stored blob (the ciphertext for encrypted posts). */
  size: number
}

/**
 * A post as hashed: PostId = BLAKE3(canonical CBOR of this). For encrypted posts `content` is
 * the base64url envelope body (version byte ‖ nonce ‖ ciphertext) and attachment blobs are
 * ciphertext; the audience lives in `Visibility`, outside the id (seed: "don't break content
 * addressing").
 */
export interface Post {
  v: 1
  author: NodeId
  created_at: Millis
  content: string
  attachments: Attachment[]
  reply_to?: PostId
  /**
   * Re-encrypt (seed D-2 "access revocation"): the author's earlier post this one replaces, with the
   * same `created_at`; holders keep one logical post, and the old id is deleted by the author.
   */
  replaces?: PostId
}

/** One recipient's copy of the content key (docs/design.md §4). */
export interface WrappedKey {
  recipient: NodeId
  /** version byte ‖ 24-byte nonce ‖ XChaCha20-Poly1305(CEK) */
  wrapped: Uint8Array
}

/** Who may read a post. Separate from the post so the audience can change (seed D-2). */
export type Visibility =
  | { type: 'public' }
  | { type: 'encrypted'; v: 1; ephemeral_pub: Uint8Array; recipients: WrappedKey[] }
  /**
   * A group post (issue 14): the CEK wrapped once for the group's epoch X25519 key (groups/group-envelope.ts;
   * docs/protocol/groups.md). `wrapped` = version ‖ nonce ‖ XChaCha20-Poly1305(CEK), 73 bytes.
   */
  | { type: 'group'; v: 1; group: GroupId; epoch: number; ephemeral_pub: Uint8Array; wrapped: Uint8Array }

/** A post with its id, the author's signature over the id, and its signed visibility. */
export interface SignedPost {
  id: PostId
  post: Post
  /** Ed25519 over `"distsoc/post/v1" ‖ id bytes`. */
  signature: Uint8Array
  visibility: Visibility
  /** Ed25519 over `"distsoc/visibility/v1" ‖ id bytes ‖ updated_at ‖ canonical(visibility)`. */
  visibility_signature: Uint8Array
  /** When this visibility was set; a later signed visibility replaces it (seed D-2). */
  visibility_updated_at: Millis
}

/** A public profile (seed Phase A, C): latest `updated_at` wins. */
export interface Profile {
  v: 1
  author: NodeId
  display_name: string
  bio: string
  avatar?: BlobId
  /** Multiaddrs of the anchors this user checks in with, preferred first. */
  anchors: string[]
  updated_at: Millis
}

/** Any signed record: the author's signature over a domain-separated canonical encoding. */
export interface Signed<T> {
  record: T
  signature: Uint8Array
}

/** The author asks every node to drop a post and keep a tombstone (docs/design.md §4). */
export interface DeleteRequest {
  v: 1
  author: NodeId
  post_id: PostId
  created_at: Millis
}

/** What the user picks in the composer; resolved to recipients at creation (seed D-1). */
export type VisibilityIntent =
  | { type: 'public' }
  | { type: 'friends' }
  | { type: 'circle'; name: string }
  | { type: 'direct'; recipients: NodeId[] }
  /** Everyone in a group the user belongs to (issue 14). */
  | { type: 'group'; id: GroupId }

/** Proof that a value passed its `verify*` function; only verified values reach storage. */
export type Verified<T> = T & { readonly [brand]: 'Verified' }

/** The discovery cascade's steps, in the order it tries them (docs/design.md §6). */
export const FOUND_VIA = [
  'stored-address',
  'their-anchors',
  'mutual-contact',
  'own-anchors',
  'default-anchor',
] as const

/** Which step of the discovery cascade found a peer (stored with the peer; shown in Settings). */
export type FoundVia = (typeof FOUND_VIA)[number]
