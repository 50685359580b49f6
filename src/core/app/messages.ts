/** Direct messages (seed D-1): threads, requests from people you don't follow, accept and ignore. */
import type { ThreadView } from '../api/index.ts'
import { dmThreads } from '../feed/index.ts'
import type { NodeId } from '../model/types.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { shortName } from './post-view.ts'

const PREVIEW_CHARS = 120

/** The Messages list: inbox and requests, most recent first. */
export function listThreads(ctx: NodeContext): ThreadView[] {
  const self = requireIdentity(ctx).nodeId
  return dmThreads(ctx.store, { self }).map((row) => ({
    peer: row.peer,
    peer_name: row.peer_name ?? shortName(row.peer),
    last_message_at: row.last_message_at,
    last_preview:
      row.last_preview === null
        ? '(cannot be read on this device)'
        : row.last_preview.slice(0, PREVIEW_CHARS),
    unread: row.unread,
    is_request: row.is_request,
  }))
}

/** Moves a request to the inbox. */
export function acceptThread(ctx: NodeContext, peer: NodeId): void {
  ctx.store.acceptDm(peer)
  ctx.emit({ type: 'messages.changed' })
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
