/**
 * What a node tells the anchors that keep its group logs (issue 14; docs/protocol/groups.md
 * "Anchors hold group logs"): the anchors its profile lists take logs from it (an anchor keeps
 * only its users' logs), so it names them every group it is a member of and hands them the records
 * they lack. Another anchor, or a peer, is never named a group it is outside of.
 */
import {
  answerGroupAsk,
  GROUP_SYNC_LIMITS,
  type GroupAsk,
  type GroupHead,
  type GroupHold,
  groupRecordId,
} from '../groups/index.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import { anchorNodeId, profileAnchors } from './anchors.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** The anchors that keep this node's group logs: those its profile lists. */
export function groupCustodians(ctx: NodeContext): Set<NodeId> {
  return new Set(profileAnchors(ctx).flatMap((a) => anchorNodeId(a) ?? []))
}

/**
 * Every group this node is a member of, with its head seq and record id (so the anchor sees a fork:
 * groups.md "Forks") — or, where a fork was seen below what it sent (`points`), an earlier record —
 * up to an ask's bound.
 */
export function custodyAsk(ctx: NodeContext, points?: ReadonlyMap<GroupId, number>): GroupAsk {
  const me = requireIdentity(ctx).nodeId
  const heads: GroupHead[] = []
  for (const id of ctx.store.groupsOfMember(me)) {
    const held = ctx.store.getGroup(id)
    if (held === undefined) continue
    const seq = Math.min(points?.get(id) ?? held.state.seq, held.state.seq)
    const below = seq === held.state.seq ? undefined : ctx.store.groupLog(id, seq - 1, 1)[0]
    const head = below === undefined ? held.state.head : groupRecordId(below)
    heads.push([id, seq, head])
    if (heads.length === GROUP_SYNC_LIMITS.headsPerAsk) break
  }
  return { v: 1, heads }
}

/**
 * The hold that brings an anchor up to date, given its heads (a group it does not hold is sent
 * from its create record; a head may be set lower to send a window around a fork), within an
 * answer's bounds; `more` when something was left out.
 */
export function custodyHold(
  ctx: NodeContext,
  anchorHeads: ReadonlyMap<GroupId, number>,
): { hold: GroupHold; more: boolean } {
  const me = requireIdentity(ctx).nodeId
  const { logs, more } = answerGroupAsk(ctx.store, me, { v: 1, heads: [...anchorHeads] })
  return { hold: { v: 1, probe: [], logs }, more }
}

/** A cheap summary of the logs held: it changes whenever a group this node is in grows or is repaired. */
export function groupHeadsSummary(ctx: NodeContext): string {
  return custodyAsk(ctx)
    .heads.map((h) => h.join(':'))
    .join(',')
}
