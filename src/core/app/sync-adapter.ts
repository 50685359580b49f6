/**
 * The SQLite store and the model's verification as the sync engine sees them (DESIGN §5). The
 * browser node and the anchor both run sync through this adapter; hooks let each add what is its
 * own (the browser decrypts and tells the tabs; the anchor enforces mailbox quotas).
 */
import { shouldSendPost, verifyDeleteRequest, verifyPost, verifyProfile } from '../model/index.ts'
import type {
  BlobId,
  DeleteRequest,
  NodeId,
  PostId,
  Profile,
  Signed,
  SignedPost,
  Verified,
} from '../model/types.ts'
import type { PostLocal, Store } from '../storage/index.ts'
import type { PostKey, SyncStore, SyncVerifier } from '../sync/index.ts'

/** What a node adds around the store's writes. Every hook is optional. */
export interface SyncStoreHooks {
  /** Refuses a post before it is stored (throw a typed error, e.g. MailboxQuotaExceededError). */
  admitPost?(post: Verified<SignedPost>): void
  /** Drops a valid post quietly, not the sender's fault (e.g. its author is blocked here, issue 16). */
  skipPost?(post: Verified<SignedPost>): boolean
  /** Local facts of a received post: decrypted text, DM partner. */
  localFor?(post: Verified<SignedPost>): Promise<PostLocal> | PostLocal
  /** After a post was newly stored. */
  onPostStored?(post: Verified<SignedPost>): void
  /** After a stored post was removed by its author's delete. */
  onPostDeleted?(id: PostId, author: NodeId): void
  /** After a newer profile replaced the held one. */
  onProfileStored?(profile: Signed<Profile>): void
}

/** The model's verify functions and `shouldSendPost`, as sync wants them. */
export const modelVerifier: SyncVerifier = {
  verifyPost,
  verifyProfile,
  verifyDeleteRequest,
  shouldSendPost,
}

interface KeyRow {
  id: string
  created_at: number
  kind: string
  recipients: string | null
  visibility_updated_at: number
}

/**
 * The keys of `author`'s sync set: posts by them and encrypted posts addressed to them (see
 * SyncStore), created at or after `since`, with recipients for sender-side filtering. Used by the
 * browser node and the anchor.
 */
export function syncKeysOf(store: Store, author: NodeId, since = 0): PostKey[] {
  // Two indexed halves (posts by author, recipients by recipient): an OR would scan every post.
  const recipients =
    '(SELECT group_concat(r.recipient) FROM post_recipients r WHERE r.post_id = p.id) AS recipients'
  const rows = store.db.all<KeyRow>(
    `SELECT p.id, p.created_at, p.kind, p.visibility_updated_at, ${recipients} FROM posts p WHERE p.author = ? AND p.created_at >= ? ` +
      `UNION ALL SELECT p.id, p.created_at, p.kind, p.visibility_updated_at, ${recipients} FROM post_recipients x ` +
      'JOIN posts p ON p.id = x.post_id WHERE x.recipient = ? AND p.author != ? AND p.created_at >= ?',
    [author, since, author, author, since],
  )
  return rows.map((row): PostKey => {
    const key: PostKey = {
      id: row.id as PostId,
      created_at: row.created_at,
      visibility_updated_at: row.visibility_updated_at,
    }
    if (row.kind === 'encrypted') key.recipients = (row.recipients ?? '').split(',') as NodeId[]
    return key
  })
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
      if (store.putPost(post, local) === 'inserted') hooks.onPostStored?.(post)
    },
    isTombstoned(author, id) {
      return store.isTombstoned(id, author)
    },
    tombstones(author, since) {
      return store.listTombstones([author], since).map((t) => t.request)
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
