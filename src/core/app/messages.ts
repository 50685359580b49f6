/** Direct messages (seed D-1): threads, requests from people you don't follow, accept and ignore. */
import type { ThreadView } from '../api/index.ts'
import { ValidationError } from '../errors.ts'
import { dmThreads } from '../feed/index.ts'
import type { NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import { type ConnectTarget, parseConnectString } from './connect-string.ts'
import { openLocalText } from './local-text.ts'
import { blockedIds } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

const PREVIEW_CHARS = 120

/** The Messages list: inbox and requests, most recent first. */
export function listThreads(ctx: NodeContext): ThreadView[] {
  const identity = requireIdentity(ctx)
  const self = identity.nodeId
  return dmThreads(ctx.store, { self, hide: blockedIds(ctx) }).map((row) => ({
    peer: row.peer,
    peer_name: row.peer_name ?? shortId(row.peer),
    last_message_at: row.last_message_at,
    last_preview:
      openLocalText(identity, row.last_preview)?.slice(0, PREVIEW_CHARS) ?? '(cannot be read on this device)',
    unread: row.unread,
    is_request: row.is_request,
  }))
}

/** Moves a request to the inbox and follows its sender, as the Accept button says (issue 16). */
export function acceptThread(ctx: NodeContext, peer: NodeId): void {
  if (peer === requireIdentity(ctx).nodeId) throw new ValidationError('that is your own id')
  ctx.store.transaction(() => {
    ctx.store.acceptDm(peer)
    ctx.store.follow(peer)
  })
  ctx.emit({ type: 'messages.changed' })
  ctx.emit({ type: 'people.changed' })
}

/**
 * Who a new message goes to: a NodeId or a connect string, whose anchors are remembered so the
 * node can reach a stranger (issue 16 "New message takes a connect string or NodeId").
 */
export function messageTarget(ctx: NodeContext, to: string): ConnectTarget {
  const target = parseConnectString(to)
  if (target.nodeId === requireIdentity(ctx).nodeId) throw new ValidationError('you cannot message yourself')
  if (target.anchors.length > 0 && ctx.store.getProfile(target.nodeId) === undefined) {
    ctx.store.setSocialRoute(target.nodeId, target.anchors)
  }
  return target
}

/** Hides a request (and the thread) from the list. */
export function ignoreThread(ctx: NodeContext, peer: NodeId): void {
  ctx.store.ignoreDm(peer)
  ctx.emit({ type: 'messages.changed' })
}

/** Marks a thread read now. */
export function markThreadRead(ctx: NodeContext, peer: NodeId): void {
  ctx.store.markDmRead(peer, ctx.clock.now())
  ctx.emit({ type: 'messages.changed' })
}
