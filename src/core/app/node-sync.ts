/**
 * How a browser node runs sync (DESIGN §5): the store adapter with hooks that decrypt what arrives
 * and tell the tabs, and the seed's sender-side filter plus one rule of ours — a node hands the
 * encrypted posts of its own set (by it or to it; ciphertext only) to the anchors it knows, so the
 * mailbox can deliver them to their recipients while the author is offline (DESIGN §6).
 */

import { shouldSendPost } from '../model/index.ts'
import type { NodeId, SignedPost } from '../model/types.ts'
import { AdmissionBudget, mayReveal, type SyncDeps, type SyncVerifier } from '../sync/index.ts'
import { activeAnchors, anchorNodeId } from './anchors.ts'
import { isBlocked } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { toPostView } from './post-view.ts'
import { readPost } from './reading.ts'
import { modelVerifier, storeAsSyncStore } from './sync-adapter.ts'

/** True if `peer` is one of this node's anchors or a peer known as an anchor. */
export function isKnownAnchor(ctx: NodeContext, peer: NodeId): boolean {
  if (activeAnchors(ctx).some((a) => anchorNodeId(a) === peer)) return true
  return ctx.store.getPeer(peer)?.is_anchor === true
}

/** The verifier of a node: the model's, with own ciphertext released to anchors. */
export function nodeVerifier(ctx: NodeContext): SyncVerifier {
  const self = (): NodeId | undefined => ctx.identity?.nodeId
  const mayHandToAnchor = (post: SignedPost, requester: NodeId): boolean =>
    post.visibility.type === 'encrypted' &&
    (post.post.author === self() || post.visibility.recipients.some((r) => r.recipient === self())) &&
    isKnownAnchor(ctx, requester)
  return {
    ...modelVerifier,
    shouldSendPost: (post, requester, wanted) =>
      shouldSendPost(post, requester, wanted) || mayHandToAnchor(post, requester),
    mayReveal: (key, author, requester, wanted) =>
      mayReveal(key, author, requester, wanted) || (author === self() && isKnownAnchor(ctx, requester)),
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
  const store = storeAsSyncStore(ctx.store, {
    skipPost: (post) => post.post.author !== identity.nodeId && isBlocked(ctx, post.post.author),
    localFor: (post) => readPost(post, identity),
    onPostStored(post) {
      const stored = ctx.store.getPost(post.id)
      if (stored === undefined) return
      if (stored.dm_peer !== null) {
        ctx.emit({ type: 'messages.changed' })
        const author = post.post.author
        if (author !== identity.nodeId && ctx.store.getProfile(author) === undefined)
          hooks.onStranger?.(author)
        return
      }
      const name = ctx.store.getProfile(post.post.author)?.record.display_name ?? null
      ctx.emit({ type: 'post.added', post: toPostView(stored, identity, name) })
    },
    onPostDeleted(id) {
      ctx.emit({ type: 'post.removed', id })
    },
    onProfileStored() {
      ctx.emit({ type: 'people.changed' })
    },
  })
  return {
    store,
    verifier: nodeVerifier(ctx),
    logger: ctx.logger,
    // message requests (posts by people not followed) are capped per sender, session and day
    admission: new AdmissionBudget({
      follows: (author) => author === identity.nodeId || ctx.store.isFollowing(author),
    }),
    onPeerReject(peer, reason) {
      ctx.logger.warn('sync:peer-rejected', { peer: peer.slice(-8), reason })
    },
  }
}
