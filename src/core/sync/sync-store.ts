/**
 * What a sync session needs from storage and from the model's verification (docs/design.md §5). The
 * integrator adapts the SQLite store and `src/core/model` to these; tests use in-memory versions
 * (`test-support/`). Methods may be sync or async.
 */

import type {
  BlobId,
  DeleteRequest,
  Millis,
  NodeId,
  PostId,
  Profile,
  ProfileVersion,
  Signed,
  SignedPost,
  Verified,
} from '../model/index.ts'

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>

/** The reconciliation key of a held post plus what sender-side filtering needs to know of it. */
export interface PostKey {
  id: PostId
  created_at: Millis
  /** Recipients of an encrypted post; absent for a public post. */
  recipients?: readonly NodeId[]
  /** When the held visibility was signed; later than `created_at` once the author changed it (seed D-2). */
  visibility_updated_at?: Millis
}

/**
 * Storage as seen by sync. Writes only accept verified values. An author's set (`postKeys`) holds
 * the posts by that author and the encrypted posts addressed to them, so a node that asks for
 * itself also gets messages from people it does not follow (message requests, seed D-1).
 */
export interface SyncStore {
  /**
   * Keys of every post by or addressed to `author`, held and not tombstoned, any order. With
   * `since`, keys created before it may be left out (a session only reconciles from `since` on).
   */
  postKeys(author: NodeId, since?: Millis): Awaitable<readonly PostKey[]>
  /** The held posts among `ids` (unknown ids are skipped), any order. */
  getPosts(ids: readonly PostId[]): Awaitable<readonly SignedPost[]>
  /**
   * Stores a verified post (idempotent); for a held post, takes its visibility if newer (seed D-2).
   * The session never calls it for a tombstoned id.
   */
  putPost(post: Verified<SignedPost>): Awaitable<void>
  /**
   * Stores verified posts together (one transaction, one log entry, one event; issue 12). Returns,
   * per post, the typed error that refused it (e.g. a quota) or undefined when it is stored or held.
   * Optional: without it the session calls `putPost` for each.
   */
  putPosts?(posts: readonly Verified<SignedPost>[]): Awaitable<readonly (Error | undefined)[]>
  /** True if `author` deleted post `id` (a tombstone is held). */
  isTombstoned(author: NodeId, id: PostId): Awaitable<boolean>
  /**
   * `isTombstoned` for many posts at once (one query for a received batch, issue 12): the ids among
   * `keys` their author deleted. Optional: without it the session asks `isTombstoned` for each.
   */
  tombstonedAmong?(keys: readonly { author: NodeId; id: PostId }[]): Awaitable<ReadonlySet<PostId>>
  /**
   * Signed delete requests held for posts of `author`, each with the deleted post's recipients
   * (author left out; empty for a public post), to filter it like the post; with `since`, older
   * ones may be left out.
   */
  tombstones(
    author: NodeId,
    since?: Millis,
  ): Awaitable<readonly { request: Signed<DeleteRequest>; recipients: readonly NodeId[] }[]>
  /**
   * Deletes by other authors of posts that were addressed to `recipient`, with those posts'
   * recipients, so a recipient who does not follow the author still gets them (seed D-2). Optional.
   */
  tombstonesAddressedTo?(
    recipient: NodeId,
    since?: Millis,
  ): Awaitable<readonly { request: Signed<DeleteRequest>; recipients: readonly NodeId[] }[]>
  /** Stores a verified delete: keeps the tombstone and drops that author's post if held. */
  putDelete(request: Verified<Signed<DeleteRequest>>): Awaitable<void>
  /** The newest held profile of `author`. */
  getProfile(author: NodeId): Awaitable<Signed<Profile> | undefined>
  /** Stores a verified profile if it is newer than the held one ("latest updated_at wins"). */
  putProfile(profile: Verified<Signed<Profile>>): Awaitable<void>
  /**
   * The held private profile versions of `author` with their (padded) recipients, filtered like
   * encrypted posts (issue 14). Optional: without it no version is served.
   */
  profileVersions?(
    author: NodeId,
  ): Awaitable<readonly { signed: Signed<ProfileVersion>; recipients: readonly NodeId[] }[]>
  /**
   * Stores a verified version; throws a typed error to refuse it (e.g. NotARecipientError: it is
   * not for this node). Optional: without it versions are refused.
   */
  putProfileVersion?(version: Verified<Signed<ProfileVersion>>): Awaitable<void>
  hasBlob(id: BlobId): Awaitable<boolean>
  getBlob(id: BlobId): Awaitable<Uint8Array | undefined>
  /** Stores a blob whose BLAKE3 the session has checked against `id`. */
  putBlob(id: BlobId, bytes: Uint8Array): Awaitable<void>
}

/** Verification and filtering from `src/core/model`; verify functions throw typed errors. */
export interface SyncVerifier {
  /** Checks shape, id, signatures and timestamps of an untrusted signed post. */
  verifyPost(candidate: unknown, now: Millis): Promise<Verified<SignedPost>>
  verifyProfile(candidate: unknown, now: Millis): Promise<Verified<Signed<Profile>>>
  verifyDeleteRequest(candidate: unknown, now: Millis): Promise<Verified<Signed<DeleteRequest>>>
  /** Checks a private profile version (issue 14); optional: without it versions are refused. */
  verifyProfileVersion?(candidate: unknown, now: Millis): Promise<Verified<Signed<ProfileVersion>>>
  /** Seed C-2 `should_send_post`: own posts, public posts of wanted authors, encrypted to a recipient. */
  shouldSendPost(post: SignedPost, requester: NodeId, wantedAuthors: ReadonlySet<NodeId>): boolean
  /**
   * Whether a key of `author`'s set may be counted and revealed to `requester`; default
   * `mayReveal` (author-set.ts). Must agree with `shouldSendPost`.
   */
  mayReveal?(key: PostKey, author: NodeId, requester: NodeId, wanted: ReadonlySet<NodeId>): boolean
  /** The members a group post is for, by the group log this node holds (issue 14); optional. */
  groupMembers?(post: SignedPost): readonly NodeId[]
}
