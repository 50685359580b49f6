/**
 * What a hello names (docs/design.md §5 "ask each peer only what it plausibly holds"): to an anchor,
 * yourself, the follows whose signed profiles list that anchor and the few people who wrote to you
 * whose profile you lack (issue 16; they reached you through an anchor); to any other peer,
 * yourself and that peer if you follow it or lack its profile. Never anyone blocked; the follow
 * list as a whole never goes to anyone.
 */
import type { NodeId } from '../../model/index.ts'
import { followsListing, isKnownAnchor } from '../anchor-trust.ts'
import { blockedIds } from '../moderation.ts'
import { type NodeContext, requireIdentity } from '../node-context.ts'
import { strangersWithoutProfile } from '../sync-wants.ts'

/** The authors a hello to `peer` asks for, self first. */
export function helloWants(ctx: NodeContext, peer: NodeId): NodeId[] {
  const self = requireIdentity(ctx).nodeId
  const blocked = new Set<string>(blockedIds(ctx))
  const wants = new Set<NodeId>([self])
  const add = (id: NodeId): void => {
    if (!blocked.has(id)) wants.add(id)
  }
  if (isKnownAnchor(ctx, peer)) {
    for (const id of followsListing(ctx, peer)) add(id)
    for (const id of strangersWithoutProfile(ctx)) add(id)
  } else if (peer !== self && (ctx.store.isFollowing(peer) || strangersWithoutProfile(ctx).includes(peer))) {
    add(peer)
  }
  return [...wants]
}
