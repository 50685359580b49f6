/**
 * The mailbox's view of the anchor's SQLite store as a `SyncStore` (DESIGN §6): it keeps posts,
 * blobs and deletes of authors whose profile lists this anchor and encrypted posts for recipients
 * who list it, profiles of anyone (they say whom to keep), and enforces per-author quotas with
 * MailboxQuotaExceededError.
 */

import { syncKeysOf } from '../../src/core/app/sync-adapter.ts'
import { MailboxQuotaExceededError } from '../../src/core/errors.ts'
import type { BlobId, NodeId, PostId, Profile, Signed } from '../../src/core/model/types.ts'
import type { Store } from '../../src/core/storage/index.ts'
import type { SyncStore } from '../../src/core/sync/index.ts'
import type { MailboxQuota } from './mailbox.ts'

/** True if `profile` lists the anchor `anchorId` (any of its addresses, matched by /p2p/<id>). */
export function profileListsAnchor(profile: Signed<Profile> | undefined, anchorId: string): boolean {
  return (
    profile?.record.anchors.some((a) => a.endsWith(`/p2p/${anchorId}`) || a.includes(`/p2p/${anchorId}/`)) ??
    false
  )
}

/** Posts and bytes one author uses in the mailbox. */
export function authorUsage(store: Store, author: NodeId): { posts: number; bytes: number } {
  const row = store.db.get<{ n: number; b: number }>(
    'SELECT COUNT(*) AS n, COALESCE(SUM(length(post_bytes) + length(visibility)), 0) AS b FROM posts WHERE author = ?',
    [author],
  )
  const blobs = store.db.get<{ b: number }>(
    'SELECT COALESCE(SUM(pb.size), 0) AS b FROM post_blobs pb JOIN posts p ON p.id = pb.post_id WHERE p.author = ?',
    [author],
  )
  return { posts: row?.n ?? 0, bytes: (row?.b ?? 0) + (blobs?.b ?? 0) }
}

/** Counters the mailbox store reports to metrics. */
export interface MailboxStoreEvents {
  stored(posts: number, bytes: number): void
  refused(reason: 'not-listed' | 'quota'): void
}

/** A SyncStore over `store` for the anchor `anchorId` with `quota`. */
export function createMailboxSyncStore(
  store: Store,
  anchorId: string,
  quota: MailboxQuota,
  events: MailboxStoreEvents,
): SyncStore {
  const keeps = (author: NodeId): boolean => profileListsAnchor(store.getProfile(author), anchorId)
  const checkQuota = (author: NodeId, extraBytes: number, extraPosts: number): void => {
    const used = authorUsage(store, author)
    if (used.posts + extraPosts > quota.perAuthorPosts || used.bytes + extraBytes > quota.perAuthorBytes) {
      events.refused('quota')
      throw new MailboxQuotaExceededError(`mailbox quota of ${author.slice(-8)} is full`)
    }
  }
  return {
    postKeys: (author) => syncKeysOf(store, author),
    getPosts: (ids) => store.postsByIds(ids).map((p) => p.signed),
    putPost(post) {
      const author = post.post.author
      const forUser =
        post.visibility.type === 'encrypted' && post.visibility.recipients.some((r) => keeps(r.recipient))
      if (!keeps(author) && !forUser) {
        events.refused('not-listed')
        return
      }
      if (store.hasPost(post.id)) {
        store.updateVisibility(post)
        return
      }
      const size = post.post.content.length + post.post.attachments.reduce((n, a) => n + a.size, 0)
      checkQuota(author, size, 1)
      if (store.putPost(post) === 'inserted') events.stored(1, size)
    },
    isTombstoned: (author, id) => store.isTombstoned(id, author),
    tombstones: (author) => store.listTombstones([author]).map((t) => t.request),
    putDelete(request) {
      // An author's delete is honoured for every post of theirs held here, listed or not (seed D-2).
      if (keeps(request.record.author) || store.hasPost(request.record.post_id)) store.deletePost(request)
      else events.refused('not-listed')
    },
    getProfile: (author) => store.getProfile(author),
    putProfile(profile) {
      store.putProfile(profile)
    },
    hasBlob: (id) => store.hasBlob(id),
    getBlob: (id) => store.getBlob(id)?.bytes,
    putBlob(id: BlobId, bytes) {
      const owner = store.db.get<{ post_id: string; mime: string; author: string }>(
        'SELECT pb.post_id, pb.mime, p.author FROM post_blobs pb JOIN posts p ON p.id = pb.post_id WHERE pb.blob_id = ? LIMIT 1',
        [id],
      )
      if (owner === undefined) {
        // a profile avatar: only for profiles we hold
        const avatarOf = store.listProfiles().find((p) => p.record.avatar === id)
        if (avatarOf === undefined || !keeps(avatarOf.record.author)) return
        store.putBlob(id, bytes, 'application/octet-stream', null)
        return
      }
      store.putBlob(id, bytes, owner.mime, owner.post_id as PostId)
    },
  }
}
