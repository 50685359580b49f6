/**
 * How a browser node runs sync (docs/design.md §5): the store adapter with hooks that decrypt what arrives
 * and tell the tabs, and the seed's sender-side filter plus one rule of ours — a node hands the
 * encrypted posts of its own set (by it or to it; ciphertext only) to the anchors entitled to keep
 * them, so the mailbox can deliver them to their recipients while the author is offline (docs/design.md §6).
 */

import type { PostView } from '../api/index.ts'
import type { NodeId, SignedPost } from '../model/index.ts'
import { openProfileVersion, shortId, shouldSendPost } from '../model/index.ts'
import { indexPendingSearch, type StoredPost } from '../storage/index.ts'
import {
  AdmissionBudget,
  mayReveal,
  PeerBackoff,
  type PostKey,
  type SyncDeps,
  type SyncVerifier,
} from '../sync/index.ts'
import { anchorMayKeep, isKnownAnchor, listsAnchor } from './anchor-trust.ts'
import { openGroupTierVersion } from './group-profile-reading.ts'
import {
  checkIncomingGroupPost,
  groupKeyring,
  groupMembersOf,
  mayReceiveGroup,
  sharesAcceptedGroup,
} from './group-service.ts'
import { sealLocalText } from './local-text.ts'
import { isBlocked } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { nodeReplicas } from './node-replicas.ts'
import { toPostView } from './post-view.ts'
import { readPost } from './reading.ts'
import { modelVerifier, storeAsSyncStore } from './sync-adapter.ts'

/**
 * The verifier of a node: the model's, plus one release — ciphertext of this node's own set (by it
 * or to it) goes to an anchor only when that anchor is entitled to keep it (`anchorMayKeep`), and
 * an anchor is one only by a first-hand source (`isKnownAnchor`), never by what a peer claims.
 */
export function nodeVerifier(ctx: NodeContext): SyncVerifier {
  const self = (): NodeId | undefined => ctx.identity?.nodeId
  const mayHandToAnchor = (post: SignedPost, requester: NodeId): boolean =>
    post.visibility.type === 'encrypted' &&
    (post.post.author === self() || post.visibility.recipients.some((r) => r.recipient === self())) &&
    isKnownAnchor(ctx, requester) &&
    anchorMayKeep(ctx, post, requester)
  /** A key of our own set an anchor may count: it keeps everything of ours, or a recipient lists it. */
  const mayRevealToAnchor = (key: PostKey, author: NodeId, requester: NodeId): boolean => {
    const me = self()
    if (author !== me || !isKnownAnchor(ctx, requester)) return false
    if (listsAnchor(ctx, me, requester)) return true
    return (key.recipients ?? []).some((r) => listsAnchor(ctx, r, requester))
  }
  /** A group post goes to the group's current members, by the log this node holds (issue 14). */
  const mayReceiveGroupPost = (post: SignedPost, requester: NodeId): boolean =>
    post.visibility.type === 'group' && mayReceiveGroup(ctx, post.visibility.group, requester)
  return {
    ...modelVerifier,
    // Every group post is checked against the group's log: a Viewer's post is refused, nothing written.
    verifyPost: async (candidate, now) => {
      const post = await modelVerifier.verifyPost(candidate, now)
      checkIncomingGroupPost(ctx, post)
      return post
    },
    shouldSendPost: (post, requester, wanted) =>
      shouldSendPost(post, requester, wanted) ||
      mayReceiveGroupPost(post, requester) ||
      mayHandToAnchor(post, requester),
    mayReveal: (key, author, requester, wanted) =>
      mayReveal(key, author, requester, wanted) || mayRevealToAnchor(key, author, requester),
    groupMembers: (post) => groupMembersOf(ctx, post),
  }
}

/** What the node service adds: a way to fetch a stranger's profile (issue 16). */
export interface NodeSyncHooks {
  /** Someone whose profile this node lacks wrote to it; pull their profile soon. */
  onStranger?(author: NodeId): void
}

/** Sync dependencies of a browser node. */
export function nodeSyncDeps(ctx: NodeContext, hooks: NodeSyncHooks = {}): SyncDeps {
  const identity = requireIdentity(ctx)
  /** A reply by someone not followed: their name is fetched with it (issue 16). */
  const isStrangersReply = (stored: StoredPost): boolean =>
    stored.signed.post.reply_to !== undefined &&
    stored.signed.post.author !== identity.nodeId &&
    !ctx.store.isFollowing(stored.signed.post.author)
  const replicas = nodeReplicas(ctx)
  const store = storeAsSyncStore(ctx.store, {
    skipPost: (post) => post.post.author !== identity.nodeId && isBlocked(ctx, post.post.author),
    localFor: (post) => readPost(post, identity, (group, epoch) => groupKeyring(ctx).secrets(group, epoch)),
    onPostStored(stored) {
      const post = stored.signed
      replicas.reportStored([post])
      if (stored.dm_peer !== null) {
        ctx.emit({ type: 'messages.changed' })
        const author = post.post.author
        if (author !== identity.nodeId && ctx.store.getProfile(author) === undefined)
          hooks.onStranger?.(author)
        return
      }
      const name = ctx.store.getProfile(post.post.author)?.record.display_name ?? null
      if (name === null && isStrangersReply(stored)) hooks.onStranger?.(post.post.author)
      ctx.emit({ type: 'post.added', post: toPostView(stored, identity, name, ctx.store) })
    },
    onPostsStored(posts) {
      replicas.reportStored(posts.map((p) => p.signed))
      const names = new Map<NodeId, string | null>()
      const nameOf = (author: NodeId): string | null => {
        if (!names.has(author)) names.set(author, ctx.store.getProfile(author)?.record.display_name ?? null)
        return names.get(author) ?? null
      }
      const views: PostView[] = []
      let messages = false
      // The batch as written (sync-adapter.ts), not read back from the store (issue 12).
      for (const stored of posts) {
        const author = stored.signed.post.author
        if (stored.dm_peer !== null) {
          messages = true
          if (author !== identity.nodeId && ctx.store.getProfile(author) === undefined)
            hooks.onStranger?.(author)
        } else {
          if (nameOf(author) === null && isStrangersReply(stored)) hooks.onStranger?.(author)
          views.push(toPostView(stored, identity, nameOf(author), ctx.store))
        }
      }
      views.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      if (messages) ctx.emit({ type: 'messages.changed' })
      // One event per batch; a batch of one is a plain post.added.
      if (views.length === 1) ctx.emit({ type: 'post.added', post: views[0] as PostView })
      else if (views.length > 1) ctx.emit({ type: 'posts.added', posts: views })
    },
    onPostDeleted(id) {
      ctx.emit({ type: 'post.removed', id })
    },
    onProfileStored() {
      ctx.emit({ type: 'people.changed' })
    },
    async openProfileVersion(version) {
      const fields =
        version.record.visibility.type === 'group'
          ? await openGroupTierVersion(ctx, version.record)
          : await openProfileVersion(identity, version.record)
      return sealLocalText(identity, JSON.stringify(fields)) as string
    },
    onProfileVersionStored() {
      ctx.emit({ type: 'people.changed' })
    },
  })
  const showing = new Set<NodeId>()
  const lastShown = new Map<NodeId, number>()
  return {
    store,
    verifier: nodeVerifier(ctx),
    logger: ctx.logger,
    // passive liveness rides on every pull (issue 15): a `check` first, a `held` answer back
    liveness: replicas.liveness,
    // message requests (posts by people not followed) are capped per sender, session and day; the
    // day's counters are in the store, so a restart gives no sender a fresh day (issue 11)
    admission: new AdmissionBudget({
      ledger: ctx.store,
      now: () => ctx.clock.now(),
      // a fellow member of a group the user accepted is no stranger: their group posts are not requests
      follows: (author) =>
        author === identity.nodeId || ctx.store.isFollowing(author) || sharesAcceptedGroup(ctx, author),
    }),
    // a holder that re-sends its refused flood every session is cut short, then not pulled, for a
    // cool-down that doubles per strike, kept in the store (issue 11)
    backoff: new PeerBackoff({
      ledger: ctx.store,
      now: () => ctx.clock.now(),
      // the node's own anchors keep its mailbox: cut short, never refused outright
      spare: (peer) => isKnownAnchor(ctx, peer),
      onEvent: (reason, peer) => {
        if (reason !== 'forgiven') ctx.logger.warn('sync:backoff', { peer: shortId(peer), reason })
      },
    }),
    // A bar only for pulls that bring something; at most ~10 updates a second per peer.
    onSyncProgress(peer, p) {
      if (p.done) {
        // The session's posts go into the search index in one statement, off the batch path (issue 12).
        indexPendingSearch(ctx.store.db)
        if (!showing.delete(peer)) return
      } else {
        if (p.wanted === 0) return
        const now = ctx.clock.now()
        if (showing.has(peer) && now - (lastShown.get(peer) ?? 0) < 100) return
        showing.add(peer)
        lastShown.set(peer, now)
      }
      ctx.emit({
        type: 'sync.progress',
        progress: { peer, received: p.received, total: p.wanted, done: p.done },
      })
    },
    onPeerReject(peer, reason) {
      ctx.logger.warn('sync:peer-rejected', { peer: shortId(peer), reason })
    },
  }
}
