/**
 * Who is an anchor, and what an anchor may be handed (docs/design.md §6 "never taken from the wire"): a
 * peer is an anchor only when the user's settings, bootstrap.json or the signed profile of someone
 * the user follows lists it (before that profile arrives: the connect string the user pasted). What a peer says about itself or others over the peers protocol never
 * counts. An anchor is handed only what it is entitled to keep: posts of authors who list it and
 * encrypted posts whose recipients list it.
 */
import type { NodeId, SignedPost } from '../model/index.ts'
import { activeAnchors, anchorNodeId } from './anchors.ts'
import type { NodeContext } from './node-context.ts'

/** NodeIds of anchors listed in a signed profile's anchor multiaddrs. */
function idsOf(addrs: readonly string[]): NodeId[] {
  return addrs.flatMap((a) => anchorNodeId(a) ?? [])
}

/** The anchors this node knows `user` to list: their signed profile, else the connect string the user pasted. */
function anchorAddrsOf(ctx: NodeContext, user: NodeId): readonly string[] {
  return ctx.store.getProfile(user)?.record.anchors ?? ctx.store.getSocialRoute(user)?.addresses ?? []
}

/** The anchors a user lists (signed profile or pasted connect string; for oneself also the settings). */
export function listedAnchors(ctx: NodeContext, user: NodeId): Set<NodeId> {
  const ids = new Set(idsOf(anchorAddrsOf(ctx, user)))
  if (user === ctx.identity?.nodeId) for (const id of idsOf(activeAnchors(ctx))) ids.add(id)
  return ids
}

/** Every peer this node treats as an anchor: its own (settings, bootstrap) and those its follows list. */
export function trustedAnchorIds(ctx: NodeContext): Set<NodeId> {
  const ids = new Set(idsOf(activeAnchors(ctx)))
  for (const follow of ctx.store.listFollows()) {
    for (const id of idsOf(anchorAddrsOf(ctx, follow.node_id))) ids.add(id)
  }
  return ids
}

/** True if `peer` is an anchor by a first-hand source (settings, bootstrap, a follow's signed profile). */
export function isKnownAnchor(ctx: NodeContext, peer: NodeId): boolean {
  return trustedAnchorIds(ctx).has(peer)
}

/** True if `anchor` keeps posts of `user` (their signed profile, or for oneself the settings, list it). */
export function listsAnchor(ctx: NodeContext, user: NodeId, anchor: NodeId): boolean {
  return listedAnchors(ctx, user).has(anchor)
}

/** True if `anchor` may keep `post`: its author or one of its recipients lists that anchor. */
export function anchorMayKeep(ctx: NodeContext, post: SignedPost, anchor: NodeId): boolean {
  if (listsAnchor(ctx, post.post.author, anchor)) return true
  return (
    post.visibility.type === 'encrypted' &&
    post.visibility.recipients.some((r) => listsAnchor(ctx, r.recipient, anchor))
  )
}

/** The follows whose signed profiles list `anchor`: the only follows a hello to it may name. */
export function followsListing(ctx: NodeContext, anchor: NodeId): NodeId[] {
  return ctx.store
    .listFollows()
    .map((f) => f.node_id)
    .filter((id) => listsAnchor(ctx, id, anchor))
}
