/** People (seed Phase B, C; issue 5 People tab): follows, suggested peers from gossip, profiles. */
import type { PersonView } from '../api/index.ts'
import { ValidationError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import { type ConnectTarget, parseConnectString } from './connect-string.ts'
import { moderationOf } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { shownPrivateProfile } from './private-profiles.ts'

/** How `id` looks to this node. */
export function personView(ctx: NodeContext, id: NodeId): PersonView {
  const self = ctx.identity?.nodeId
  const profile = ctx.store.getProfile(id)?.record
  const peer = ctx.store.getPeer(id)
  const following = ctx.store.isFollowing(id)
  const view: PersonView = {
    node_id: id,
    display_name: profile?.display_name ?? shortId(id),
    bio: profile?.bio ?? '',
    anchors: profile?.anchors ?? ctx.store.getSocialRoute(id)?.addresses ?? [],
    following,
    relation:
      id === self
        ? 'self'
        : following
          ? 'follow'
          : peer !== undefined || profile !== undefined
            ? 'peer'
            : 'stranger',
  }
  if (profile?.avatar !== undefined) view.avatar = profile.avatar
  const sealed = shownPrivateProfile(ctx, id)
  if (sealed !== undefined) {
    view.display_name = sealed.display_name
    view.bio = sealed.bio
    view.private_profile = true
  }
  if (peer !== undefined) view.last_seen = peer.last_seen
  const level = moderationOf(ctx, id)
  if (level !== 'none') view.moderation = level
  return view
}

/** Follows, suggested peers (known from gossip or anchors, not anchors themselves), or both. */
export function listPeople(ctx: NodeContext, filter: 'follows' | 'suggested' | 'all'): PersonView[] {
  const self = requireIdentity(ctx).nodeId
  const follows = ctx.store.listFollows().map((f) => f.node_id)
  if (filter === 'follows') return follows.map((id) => personView(ctx, id))
  const followed = new Set<string>(follows)
  const suggested = new Set<NodeId>()
  for (const peer of ctx.store.listPeers()) {
    if (!peer.is_anchor && peer.node_id !== self && !followed.has(peer.node_id)) suggested.add(peer.node_id)
  }
  // NodeIds an anchor or peer shared as its N1 (no addresses; found later by one locate query)
  for (const reach of ctx.store.listReachable(2)) {
    if (reach.node_id !== self && !followed.has(reach.node_id)) suggested.add(reach.node_id)
  }
  for (const profile of ctx.store.listProfiles()) {
    const id = profile.record.author
    if (id !== self && !followed.has(id)) suggested.add(id)
  }
  const others = [...suggested].map((id) => personView(ctx, id))
  return filter === 'suggested' ? others : [...follows.map((id) => personView(ctx, id)), ...others]
}

/** Follows a NodeId or connect string; remembers the anchors it names for discovery. */
export function followTarget(ctx: NodeContext, target: string): ConnectTarget {
  const self = requireIdentity(ctx).nodeId
  const parsed = parseConnectString(target)
  if (parsed.nodeId === self) throw new ValidationError('that is your own id')
  ctx.store.transaction(() => {
    ctx.store.follow(parsed.nodeId)
    if (parsed.anchors.length > 0) ctx.store.setSocialRoute(parsed.nodeId, parsed.anchors)
  })
  ctx.emit({ type: 'people.changed' })
  return parsed
}
