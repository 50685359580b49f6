/**
 * What a node tells the anchors that keep its group logs (issue 14; docs/protocol/groups.md
 * "Anchors hold group logs"): the anchors its profile lists take logs from it (an anchor keeps
 * only its users' logs), so it names them every group it is a member of and hands them the records
 * they lack. Another anchor, or a peer, is never named a group it is outside of.
 */
import { answerGroupAsk, GROUP_SYNC_LIMITS, type GroupAsk, type GroupHold } from '../groups/index.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import { anchorNodeId, profileAnchors } from './anchors.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** The anchors that keep this node's group logs: those its profile lists. */
export function groupCustodians(ctx: NodeContext): Set<NodeId> {
  return new Set(profileAnchors(ctx).flatMap((a) => anchorNodeId(a) ?? []))
}

/** Every group this node is a member of, with its head, up to an ask's bound. */
export function custodyAsk(ctx: NodeContext): GroupAsk {
  const me = requireIdentity(ctx).nodeId
  const heads: [GroupId, number][] = []
  for (const id of ctx.store.groupsOfMember(me)) {
    const held = ctx.store.getGroup(id)
    if (held !== undefined) heads.push([id, held.state.seq])
    if (heads.length === GROUP_SYNC_LIMITS.headsPerAsk) break
  }
  return { v: 1, heads }
}

/**
 * The hold that brings an anchor up to date, given its heads (a group it does not hold is sent
 * from its create record), within an answer's bounds; `more` when something was left out.
 */
export function custodyHold(
  ctx: NodeContext,
  anchorHeads: ReadonlyMap<GroupId, number>,
): { hold: GroupHold; more: boolean } {
  const me = requireIdentity(ctx).nodeId
  const { logs, more } = answerGroupAsk(ctx.store, me, { v: 1, heads: [...anchorHeads] })
  return { hold: { v: 1, probe: [], logs }, more }
}

/** A cheap summary of the logs held: it changes whenever a group this node is in grows. */
export function groupHeadsSummary(ctx: NodeContext): string {
  return custodyAsk(ctx)
    .heads.map(([g, s]) => `${g}:${s}`)
    .join(',')
}
