/**
 * The SQLite store and the model's verification as the sync engine sees them (docs/design.md §5). The
 * browser node and the anchor both run sync through this adapter; hooks let each add what is its
 * own (the browser decrypts and tells the tabs; the anchor enforces mailbox quotas).
 */
import { NotARecipientError } from '../errors.ts'
import type {
  BlobId,
  DeleteRequest,
  NodeId,
  PostId,
  Profile,
  Signed,
  SignedPost,
  Verified,
} from '../model/index.ts'
import {
  MAX_VERSIONS_PER_GENERATION,
  type ProfileVersion,
  shouldSendPost,
  verifyDeleteRequest,
  verifyPost,
  verifyProfile,
  verifyProfileVersion,
  versionRecipients,
} from '../model/index.ts'
import { type PostLocal, type Store, type StoredPost, syncKeysOf } from '../storage/index.ts'
import type { SyncStore, SyncVerifier } from '../sync/index.ts'

/** What a node adds around the store's writes. Every hook is optional. */
export interface SyncStoreHooks {
  /** Refuses a post before it is stored (throw a typed error, e.g. MailboxQuotaExceededError). */
  admitPost?(post: Verified<SignedPost>): void
  /** Drops a valid post quietly, not the sender's fault (e.g. its author is blocked here, issue 16). */
  skipPost?(post: Verified<SignedPost>): boolean
  /** Local facts of a received post: decrypted text, DM partner. */
  localFor?(post: Verified<SignedPost>): Promise<PostLocal> | PostLocal
  /** After a post was newly stored: it as stored, built from what was written (no re-read). */
  onPostStored?(post: StoredPost): void
  /**
   * After a batch was stored: the newly stored ones, once (instead of `onPostStored` for each), in
   * batch order, built from what was written, not read back (issue 12).
   */
  onPostsStored?(posts: readonly StoredPost[]): void
  /** After a stored post was removed by its author's delete. */
  onPostDeleted?(id: PostId, author: NodeId): void
  /** After a newer profile replaced the held one. */
  onProfileStored?(profile: Signed<Profile>): void
  /**
   * Opens a private profile version for this node: its fields sealed for storage (local-text.ts);
   * throws NotARecipientError when it is not for this node. Without it, versions are refused.
   */
  openProfileVersion?(version: Verified<Signed<ProfileVersion>>): Promise<string>
  /** After a private profile version was newly stored. */
  onProfileVersionStored?(version: Signed<ProfileVersion>): void
}

/** The model's verify functions and `shouldSendPost`, as sync wants them. */
export const modelVerifier: SyncVerifier = {
  verifyPost,
  verifyProfile,
  verifyDeleteRequest,
  verifyProfileVersion,
  shouldSendPost,
}

/** A post just inserted with `local`, as `getPost` would return it (`received_at` ≈ the insert's clock). */
function asStored(store: Store, post: Verified<SignedPost>, local: PostLocal): StoredPost {
  return {
    signed: post,
    plaintext: local.plaintext ?? null,
    dm_peer: local.dm_peer ?? null,
    audience: local.audience ?? null,
    received_at: store.clock.now(),
  }
}

/** Adapts `store` to `SyncStore`, calling `hooks` around writes. */
export function storeAsSyncStore(store: Store, hooks: SyncStoreHooks = {}): SyncStore {
  return {
    postKeys: (author, since) => syncKeysOf(store, author, since),
    getPosts(ids) {
      const out: SignedPost[] = []
      for (let i = 0; i < ids.length; i += 500) {
        for (const stored of store.postsByIds(ids.slice(i, i + 500))) out.push(stored.signed)
      }
      return out
    },
    async putPost(post) {
      if (store.hasPost(post.id)) {
        store.updateVisibility(post)
        return
      }
      if (hooks.skipPost?.(post) === true) return
      hooks.admitPost?.(post)
      const local = (await hooks.localFor?.(post)) ?? {}
      if (store.putPost(post, local) === 'inserted') hooks.onPostStored?.(asStored(store, post, local))
    },
    async putPosts(posts) {
      const refused: (Error | undefined)[] = posts.map(() => undefined)
      const held: Verified<SignedPost>[] = []
      const admitted: Verified<SignedPost>[] = []
      const at: number[] = []
      const heldIds = store.heldAmong(posts.map((p) => p.id))
      for (const [i, post] of posts.entries()) {
        if (heldIds.has(post.id)) {
          held.push(post)
          continue
        }
        try {
          hooks.admitPost?.(post)
          admitted.push(post)
          at.push(i)
        } catch (err) {
          refused[i] = err instanceof Error ? err : new Error(String(err))
        }
      }
      const locals = await Promise.all(admitted.map(async (post) => (await hooks.localFor?.(post)) ?? {}))
      const outcomes = store.transaction(() => {
        for (const post of held) store.updateVisibility(post)
        return store.putPosts(admitted.map((post, i) => ({ post, local: locals[i] ?? {} })))
      })
      outcomes.forEach((o, k) => {
        if (o instanceof Error) refused[at[k] as number] = o
      })
      const stored: StoredPost[] = []
      admitted.forEach((post, i) => {
        if (outcomes[i] === 'inserted') stored.push(asStored(store, post, locals[i] ?? {}))
      })
      if (hooks.onPostsStored !== undefined) {
        if (stored.length > 0) hooks.onPostsStored(stored)
      } else {
        for (const post of stored) hooks.onPostStored?.(post)
      }
      return refused
    },
    isTombstoned(author, id) {
      return store.isTombstoned(id, author)
    },
    tombstonedAmong: (keys) => store.tombstonedAmong(keys),
    tombstones(author, since) {
      return store.listTombstones([author], since)
    },
    tombstonesAddressedTo(recipient, since) {
      return store.tombstonesAddressedTo(recipient, since)
    },
    putDelete(request: Verified<Signed<DeleteRequest>>) {
      if (store.deletePost(request) === 'deleted') {
        hooks.onPostDeleted?.(request.record.post_id, request.record.author)
      }
    },
    getProfile(author) {
      return store.getProfile(author)
    },
    putProfile(profile) {
      if (store.putProfile(profile)) hooks.onProfileStored?.(profile)
    },
    profileVersions: (author) => store.profileVersions(author),
    async putProfileVersion(version) {
      // Only a recipient keeps a version: a hostile peer cannot fill this node with others' versions.
      if (hooks.openProfileVersion === undefined)
        throw new NotARecipientError('this node keeps no private profile versions')
      const local = await hooks.openProfileVersion(version)
      const outcome = store.putProfileVersion(
        version,
        versionRecipients(version.record),
        local,
        MAX_VERSIONS_PER_GENERATION,
      )
      if (outcome === 'stored') hooks.onProfileVersionStored?.(version)
    },
    hasBlob(id) {
      return store.hasBlob(id)
    },
    getBlob(id) {
      return store.getBlob(id)?.bytes
    },
    putBlob(id: BlobId, bytes) {
      const link = store.db.get<{ mime: string }>('SELECT mime FROM post_blobs WHERE blob_id = ? LIMIT 1', [
        id,
      ])
      store.putBlob(id, bytes, link?.mime ?? 'application/octet-stream', null)
    },
  }
}
