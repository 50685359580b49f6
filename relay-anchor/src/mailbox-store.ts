/**
 * The mailbox's view of the anchor's SQLite store as a `SyncStore` (docs/design.md §6): it keeps posts,
 * blobs and deletes of authors whose profile lists this anchor and encrypted posts for recipients
 * who list it, profiles of anyone (they say whom to keep), and enforces the quotas per author, per
 * recipient and in total (MailboxUsage) with MailboxQuotaExceededError.
 */

import { MailboxQuotaExceededError } from '../../src/core/errors.ts'
import type { BlobId, NodeId, PostId, Profile, Signed, SignedPost } from '../../src/core/model/index.ts'
import { shortId } from '../../src/core/model/index.ts'
import { checkSignedPost, type Store, syncKeysOf } from '../../src/core/storage/index.ts'
import type { SyncStore } from '../../src/core/sync/index.ts'
import type { MailboxQuota } from './mailbox.ts'
import type { Charge, MailboxUsage, Usage } from './mailbox-usage.ts'

/** True if `profile` lists the anchor `anchorId` (any of its addresses, matched by /p2p/<id>). */
export function profileListsAnchor(profile: Signed<Profile> | undefined, anchorId: string): boolean {
  return (
    profile?.record.anchors.some((a) => a.endsWith(`/p2p/${anchorId}`) || a.includes(`/p2p/${anchorId}/`)) ??
    false
  )
}

/** Why the mailbox did not keep a post. */
export type RefusalReason = 'not-listed' | 'author' | 'recipient' | 'total'

/** Counters the mailbox store reports to metrics. */
export interface MailboxStoreEvents {
  stored(posts: number, bytes: number): void
  refused(reason: RefusalReason): void
  /** A profile that lists this anchor replaced none or one that did not: `author` is a new user. */
  listed?(author: NodeId): void
}

/** What one post costs (see Charge): `keeps` says whose inbox this anchor keeps. */
export function chargeOf(post: SignedPost, keeps: (id: NodeId) => boolean): Charge {
  const author = post.post.author
  const { postBytes, visibilityBytes } = checkSignedPost(post, 'post')
  const recipients =
    post.visibility.type === 'encrypted'
      ? [...new Set(post.visibility.recipients.map((r) => r.recipient))].filter(
          (r) => r !== author && keeps(r),
        )
      : []
  const attached = post.post.attachments.reduce((n, a) => n + a.size, 0)
  return { author, recipients, bytes: postBytes.length + visibilityBytes.length + attached }
}

/** The first quota `charge` would break, or undefined. */
export function brokenQuota(
  usage: MailboxUsage,
  quota: MailboxQuota,
  charge: Charge,
): { reason: 'author' | 'recipient' | 'total'; who: string } | undefined {
  const over = (u: Usage, posts: number, bytes: number) =>
    u.posts + 1 > posts || u.bytes + charge.bytes > bytes
  if (over(usage.total, quota.totalPosts, quota.totalBytes)) return { reason: 'total', who: 'all' }
  if (over(usage.author(charge.author), quota.perAuthorPosts, quota.perAuthorBytes)) {
    return { reason: 'author', who: charge.author }
  }
  for (const r of charge.recipients) {
    if (over(usage.recipient(r), quota.perRecipientPosts, quota.perRecipientBytes))
      return { reason: 'recipient', who: r }
  }
  return undefined
}

/** Everything a mailbox store works with. */
export interface MailboxStoreContext {
  store: Store
  anchorId: string
  quota: MailboxQuota
  usage: MailboxUsage
  events: MailboxStoreEvents
}

/**
 * A SyncStore over the mailbox for one session with `peer` (the authenticated remote, if the
 * anchor pulls from it). A post over quota throws MailboxQuotaExceededError, which ends the
 * session with an `error` frame the sender sees — except a post for `peer`'s own full inbox,
 * which is skipped so that a flood addressed to a user cannot stop that user's own check-in.
 */
export function createMailboxSyncStore(ctx: MailboxStoreContext, peer?: NodeId): SyncStore {
  const { store, anchorId, quota, usage, events } = ctx
  const keeps = (author: NodeId): boolean => profileListsAnchor(store.getProfile(author), anchorId)
  /** False if nothing is broken; else counts it and throws, or returns true (skip) for `peer`'s own inbox. */
  const refused = (broken: ReturnType<typeof brokenQuota>): boolean => {
    if (broken === undefined) return false
    events.refused(broken.reason)
    if (broken.reason === 'recipient' && broken.who === peer) return true
    throw new MailboxQuotaExceededError(
      broken.reason === 'total'
        ? 'the mailbox is full'
        : `mailbox quota of ${broken.reason} ${shortId(broken.who)} is full`,
    )
  }
  return {
    postKeys: (author, since) => syncKeysOf(store, author, since),
    getPosts: (ids) => store.postsByIds(ids).map((p) => p.signed),
    putPost(post) {
      const charge = chargeOf(post, keeps)
      if (!keeps(charge.author) && charge.recipients.length === 0) {
        events.refused('not-listed')
        return
      }
      const held = store.getPost(post.id)?.signed
      if (held !== undefined) {
        if (post.visibility_updated_at <= held.visibility_updated_at) return
        // A newer header is charged like the post anew, minus what the old header cost: adding
        // recipients to a held post must not slip past their inbox quota.
        const heldCharge = chargeOf(held, keeps)
        usage.remove(heldCharge)
        const broken = brokenQuota(usage, quota, charge)
        if (broken !== undefined) usage.add(heldCharge)
        else usage.add(store.updateVisibility(post) === 'updated' ? charge : heldCharge)
        refused(broken)
        return
      }
      if (refused(brokenQuota(usage, quota, charge))) return
      if (store.putPost(post) === 'inserted') {
        usage.add(charge)
        events.stored(1, charge.bytes)
      }
    },
    isTombstoned: (author, id) => store.isTombstoned(id, author),
    tombstonedAmong: (keys) => store.tombstonedAmong(keys),
    tombstones: (author, since) => store.listTombstones([author], since),
    tombstonesAddressedTo: (recipient) => store.tombstonesAddressedTo(recipient),
    putDelete(request) {
      // An author's delete is honoured for every post of theirs held here, listed or not (seed D-2).
      const held = store.getPost(request.record.post_id)
      if (!keeps(request.record.author) && held === undefined) {
        events.refused('not-listed')
        return
      }
      if (store.deletePost(request) === 'deleted' && held !== undefined) {
        usage.remove(chargeOf(held.signed, keeps))
      }
    },
    getProfile: (author) => store.getProfile(author),
    putProfile(profile) {
      const author = profile.record.author
      const before = keeps(author)
      store.putProfile(profile)
      if (!before && keeps(author)) events.listed?.(author)
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
