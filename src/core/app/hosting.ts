/**
 * Hosting and pins as the tabs see them (issue 15, docs/design.md §12): the quota figures and the
 * pins for Settings, pinning and unpinning from a post's menu, and the `pinned` mark on post views.
 */
import type { HostingView, PinView, PostView } from '../api/index.ts'
import {
  forkCopy,
  type HostingGate,
  listPins,
  localHostingGate,
  measureHosting,
  type PinMode,
  pinPost,
  starterBytes,
  unpinPost,
} from '../hosting/index.ts'
import type { PostId } from '../model/index.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { nodeReplicas } from './node-replicas.ts'
import { copyView } from './pinned-copies.ts'
import { replicaSettings } from './replica-settings.ts'

/**
 * The node's 3× gate: only holders seen within the holder timeout count as what it asks of others
 * (a timed-out holder no longer holds anything for it, issue 15).
 */
export function nodeHostingGate(ctx: NodeContext): HostingGate {
  return localHostingGate(
    ctx.store,
    requireIdentity(ctx).nodeId,
    () => ctx.clock.now(),
    () => replicaSettings(ctx).holder_timeout_ms,
  )
}

/**
 * The figures and pins, with authors' display names; a fork pin whose original the author deleted
 * carries its copy as a post view (the user's own copy still opens, issue 15).
 */
export async function hostingStatus(ctx: NodeContext): Promise<HostingView> {
  const me = requireIdentity(ctx).nodeId
  const starter = starterBytes(ctx.store)
  const liveSince = Math.max(0, ctx.clock.now() - replicaSettings(ctx).holder_timeout_ms)
  const usage = measureHosting(ctx.store.db, me, starter, liveSince)
  const spare = nodeHostingGate(ctx).spare()
  return {
    asked: usage.asked,
    hosted: usage.hosted,
    hosted_posts: usage.hostedPosts,
    quota: usage.quota,
    starter,
    spare,
    pinned: usage.pinned,
    pins: await Promise.all(
      listPins(ctx.store.db).map(async (pin) => {
        const view: PinView = {
          ...pin,
          author_name: ctx.store.getProfile(pin.author)?.record.display_name ?? '',
        }
        const copy =
          pin.mode === 'fork' && !pin.original_held ? forkCopy(ctx.store.db, pin.post_id) : undefined
        if (copy !== undefined) view.copy = await copyView(ctx, copy)
        return view
      }),
    ),
  }
}

/**
 * Pins a held post of someone else (NotFoundError / ValidationError otherwise). An anchor pin serves
 * the original as one of the author's replicas, so it is reported to the author as held (the report
 * rides on the next pull from the author, issue 15).
 */
export function pin(ctx: NodeContext, id: PostId, mode: PinMode): PinMode {
  pinPost(ctx.store.db, requireIdentity(ctx).nodeId, id, mode, ctx.clock.now())
  const held = ctx.store.getPost(id)?.signed
  if (mode === 'anchor' && held !== undefined) nodeReplicas(ctx).reportStored([held])
  ctx.emit({ type: 'hosting.changed' })
  return mode
}

/** Unpins a post; returns whether it was pinned. */
export function unpin(ctx: NodeContext, id: PostId): boolean {
  const was = unpinPost(ctx.store.db, id)
  if (was) ctx.emit({ type: 'hosting.changed' })
  return was
}

/** Marks the pinned ones among `views` (one query per page). */
export function markPinned(ctx: NodeContext, views: PostView[]): PostView[] {
  if (views.length === 0) return views
  const rows = ctx.store.db.all<{ post_id: string; mode: PinMode }>(
    `SELECT post_id, mode FROM pins WHERE post_id IN (${views.map(() => '?').join(', ')})`,
    views.map((v) => v.id),
  )
  if (rows.length === 0) return views
  const modes = new Map(rows.map((r) => [r.post_id, r.mode]))
  return views.map((v) => {
    const mode = modes.get(v.id)
    return mode === undefined ? v : { ...v, pinned: mode }
  })
}
