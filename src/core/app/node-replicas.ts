/**
 * A node's replicas (issue 15, docs/design.md §13): the book of who holds its own posts (loaded
 * from and saved to `replicas`), the self-reports it owes authors whose posts it keeps, the
 * liveness hooks its sync sessions carry (with the replica maps it sends keyholders and keeps from
 * authors), and the redundancy figures the views show. One per node.
 */
import type { PostView, RedundancySummary } from '../api/index.ts'
import { heldForOthers } from '../hosting/index.ts'
import type { BlobId, NodeId, PostId, SignedPost } from '../model/index.ts'
import { shouldSendPost } from '../model/index.ts'
import {
  FOLLOWER_WINDOW_MS,
  type HeldCopy,
  keepReplicaMap,
  keptMapAt,
  loadOwnHolders,
  lowRedundancyCount,
  MapSender,
  mapMemoryRows,
  pullerRows,
  RECENT_PULLERS,
  RecentPullers,
  ReplicaBook,
  ReportOutbox,
  receiveReplicaMaps,
  redundancyOf,
  saveHolders,
  signHoldingReport,
  signReplicaMap,
  syncLiveness,
} from '../replicas/index.ts'
import type { SyncLiveness } from '../sync/index.ts'
import { openPostContentKey } from './group-posting.ts'
import { mayReceiveGroup } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { onReplicaSettings, replicaSettings } from './replica-settings.ts'

/** What a node keeps for replicas. */
export interface NodeReplicas {
  book: ReplicaBook
  outbox: ReportOutbox
  liveness: SyncLiveness
  /** Peers that recently pulled this node's own posts from it: the cascade's followers (issue 15). */
  pullers: RecentPullers
  /** Queues "I hold it" reports for posts of others this node just stored. */
  reportStored(posts: readonly SignedPost[]): void
}

const byContext = new WeakMap<NodeContext, NodeReplicas>()

/** The node's full copy of a post: the post and every blob, or undefined if any is missing. */
function copyOf(ctx: NodeContext, id: PostId): HeldCopy | undefined {
  const post = ctx.store.getPost(id)?.signed
  if (post === undefined) return undefined
  const blobs: Uint8Array[] = []
  for (const a of post.post.attachments) {
    const blob = ctx.store.getBlob(a.blob as BlobId)
    if (blob === undefined) return undefined
    blobs.push(blob.bytes)
  }
  return { post, blobs }
}

/** The replicas of this node (built on first use, once it has an identity). */
export function nodeReplicas(ctx: NodeContext): NodeReplicas {
  const held = byContext.get(ctx)
  if (held !== undefined) return held
  const identity = requireIdentity(ctx)
  const me = identity.nodeId
  const settings = replicaSettings(ctx)
  const book = new ReplicaBook({
    target: settings.target,
    dropAfterMs: settings.holder_timeout_ms,
    onChange: (post, holders) => saveHolders(ctx.store.db, post, holders, me),
  })
  onReplicaSettings(ctx, (s) => book.retune({ target: s.target, dropAfterMs: s.holder_timeout_ms }))
  for (const [post, holders] of loadOwnHolders(ctx.store.db, me)) book.track(post, me, holders)
  const outbox = new ReportOutbox()
  const pullers = new RecentPullers(RECENT_PULLERS, {
    rows: pullerRows(ctx.store.db),
    now: ctx.clock.now(),
    windowMs: FOLLOWER_WINDOW_MS,
  })
  // a group post's CEK opens with the epoch secret, so its map is sealed for the members (issue 15)
  const cekOf = (post: SignedPost) => openPostContentKey(ctx, post).catch(() => undefined)
  const refused = (peer: NodeId, reason: string) =>
    ctx.logger.warn('replicas:refused', { peer: peer.slice(-8), reason })
  const maps = new MapSender({
    me,
    book,
    post: (id) => ctx.store.getPost(id)?.signed,
    mayRead: (requester, post, wanted) =>
      shouldSendPost(post, requester, wanted) ||
      (post.visibility.type === 'group' && mayReceiveGroup(ctx, post.visibility.group, requester)),
    cekOf,
    sign: (map) => signReplicaMap(identity, map),
    now: () => ctx.clock.now(),
    memory: mapMemoryRows(ctx.store.db),
  })
  const hooks = syncLiveness({
    book,
    outbox,
    lookup: (id) => copyOf(ctx, id),
    mayProve: (requester, post) => shouldSendPost(post, requester, new Set([post.post.author])),
    now: () => ctx.clock.now(),
    sign: (report) => signHoldingReport(identity, report),
    beforeReport: (report) => {
      if (report.author === me && !book.tracks(report.post_id) && copyOf(ctx, report.post_id) !== undefined)
        book.track(report.post_id, me)
    },
    onRefused: refused,
  })
  const liveness: SyncLiveness = {
    ...hooks,
    maps(requester, wanted) {
      if (wanted.has(me)) pullers.saw(requester, ctx.clock.now())
      return maps.mapsFor(requester, wanted)
    },
    async onMaps(peer, received) {
      await receiveReplicaMaps(
        {
          post: (id) => ctx.store.getPost(id)?.signed,
          keptAt: (id) => keptMapAt(ctx.store.db, id),
          keep: (map) => keepReplicaMap(ctx.store.db, map),
          cekOf,
          now: () => ctx.clock.now(),
          onRefused: refused,
        },
        peer,
        received,
      )
    },
  }
  const replicas: NodeReplicas = {
    book,
    outbox,
    liveness,
    pullers,
    reportStored(posts) {
      const at = ctx.clock.now()
      for (const post of posts) {
        const author = post.post.author
        if (author === me) continue
        outbox.add({ v: 1, holder: me, author, post_id: post.id, held: true, at })
      }
    },
  }
  byContext.set(ctx, replicas)
  // what this node holds for others as their replica (hosted posts, anchor pins) is reported again
  // after a start, so a report lost with the last session's outbox is not lost for good
  const serving = heldForOthers(ctx.store.db)
    .map((id) => ctx.store.getPost(id)?.signed)
    .filter((p): p is SignedPost => p !== undefined)
  replicas.reportStored(serving)
  return replicas
}

/** Adds `redundancy` to the views of own posts (one query per page). */
export function withRedundancy(ctx: NodeContext, views: PostView[]): PostView[] {
  const me = requireIdentity(ctx).nodeId
  const own = views.filter((v) => v.author === me).map((v) => v.id)
  if (own.length === 0) return views
  const book = nodeReplicas(ctx).book
  const status = redundancyOf(ctx.store.db, own, me, ctx.clock.now(), book.dropAfterMs, book.target)
  return views.map((v) => {
    const s = status.get(v.id)
    return s === undefined ? v : { ...v, redundancy: s }
  })
}

/** The Settings line: own posts, how many have fewer live holders than the target. */
export function redundancySummary(ctx: NodeContext): RedundancySummary {
  const me: NodeId = requireIdentity(ctx).nodeId
  const book = nodeReplicas(ctx).book
  const { posts, low } = lowRedundancyCount(ctx.store.db, me, ctx.clock.now(), book.dropAfterMs, book.target)
  return { own_posts: posts, low, target: book.target, drop_after_ms: book.dropAfterMs }
}
