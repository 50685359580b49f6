/**
 * Group records between members (issue 14; docs/protocol/groups.md "Sync"): what this node asks a
 * peer, what it reveals to a peer, and how it takes what a peer sent. A node names a group to a
 * peer only if its log names that peer a member, and answers only with groups whose log (as held
 * here) names the asker a member or invitee — the least each side needs. Every record taken goes
 * through verify → fold with role, position and epoch checks → one write; a log with a forged or
 * unauthorised record is refused whole, by a typed error, writing nothing. A fork by two admins is
 * settled by the fork rule (groups/fork-choice.ts); a non-admin's fork is refused like a forgery.
 */
import { DistsocError, NotAGroupMemberError, ValidationError } from '../errors.ts'
import {
  answerGroupAsk,
  GROUP_SYNC_LIMITS,
  type GroupAnswer,
  type GroupAsk,
  type GroupHead,
  type GroupRecord,
  type GroupState,
  groupRecordId,
  mergeGroupLog,
  roleAllows,
  verifyGroupRecord,
} from '../groups/index.ts'
import type { GroupId, NodeId, Signed, Verified } from '../model/index.ts'
import { custodyAsk, groupCustodians } from './group-custody.ts'
import { adoptGroupBranch } from './group-fork-repair.ts'
import { foldGroupRecords } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** The id of the held record at `seq` of a group (its head's without a read). */
function idAt(ctx: NodeContext, state: GroupState, seq: number): string | undefined {
  if (seq === state.seq) return state.head
  if (seq > state.seq) return undefined
  const held = ctx.store.groupLog(state.id, seq - 1, 1)[0]
  return held === undefined ? undefined : groupRecordId(held)
}

/**
 * What this node asks `peer`: each group held whose log names both of them members, with its head
 * seq and id — or, where a fork was seen below what the peer sent (`points`), an earlier record.
 */
export function groupAskFor(ctx: NodeContext, peer: NodeId, points?: ReadonlyMap<GroupId, number>): GroupAsk {
  // an anchor that keeps this node's logs is named all of them (group-custody.ts)
  if (groupCustodians(ctx).has(peer)) return custodyAsk(ctx, points)
  const me = requireIdentity(ctx).nodeId
  const heads: GroupHead[] = []
  for (const id of ctx.store.groupsOfMember(peer)) {
    const held = ctx.store.getGroup(id)
    if (held === undefined || !held.state.members.has(me)) continue
    const seq = Math.min(points?.get(id) ?? held.state.seq, held.state.seq)
    const head = idAt(ctx, held.state, seq)
    heads.push(head === undefined ? [id, seq] : [id, seq, head])
    if (heads.length === GROUP_SYNC_LIMITS.headsPerAsk) break
  }
  return { v: 1, heads }
}

/** The answer to `asker` from this node's logs (answerGroupAsk: the reveal rule every holder applies). */
export function groupAnswerFor(ctx: NodeContext, asker: NodeId, ask: GroupAsk): GroupAnswer {
  return answerGroupAsk(ctx.store, asker, ask)
}

/** Errors of this node's storage, not of the peer's records: they end the exchange. */
const STORAGE_FAULTS: ReadonlySet<string> = new Set([
  'StorageWriteError',
  'CorruptStorageError',
  'ConstraintError',
])

/** What taking an answer did. */
export interface GroupTakeResult {
  /** Groups whose held log grew or was repaired. */
  changed: GroupState[]
  /** Records already held (sent twice by a race of two peers, or a window around a fork), dropped without a write. */
  held: number
  /** Groups where the peer holds a branch that lost a fork to the one held here, with the fork's seq. */
  lost: Map<GroupId, number>
  /** Groups where the peer's records start past the history held in common: ask again from this seq. */
  deeper: Map<GroupId, number>
  /** Groups repaired here, with the held records the winning branch dropped (to sign again what was ours). */
  repaired: { group: GroupId; dropped: Signed<GroupRecord>[] }[]
  /** Logs refused, by the typed error's name. */
  refused: Record<string, number>
}

/**
 * Takes one verified log of a group this node holds whose records reach back into the held log: a
 * window around a fork, or a replay. mergeGroupLog settles it; an adopted branch is written whole.
 */
function takeOverlapping(
  ctx: NodeContext,
  state: GroupState,
  verified: Verified<Signed<GroupRecord>>[],
  result: GroupTakeResult,
): void {
  if (!state.members.has(requireIdentity(ctx).nodeId))
    throw new NotAGroupMemberError('records for a group this node is not in')
  const held = ctx.store.groupLog(state.id)
  const merge = mergeGroupLog(held, verified, state)
  switch (merge.kind) {
    case 'held':
      result.held += verified.length
      return
    case 'lost':
      result.lost.set(state.id, merge.at)
      return
    case 'deeper':
      result.deeper.set(state.id, merge.seq)
      return
    case 'adopt':
      result.changed.push(adoptGroupBranch(ctx, held, merge))
      if (merge.dropped.length > 0) result.repaired.push({ group: state.id, dropped: merge.dropped })
  }
}

/**
 * Takes a peer's answer to `ask`: per group, every record verified, then either folded onto the
 * held head and written together (foldGroupRecords: roles, log position, epochs, membership,
 * invitation bound), or — when the records reach back into the held log — merged by the fork rule
 * (mergeGroupLog). A group's log with any bad record is refused whole and counted by error name;
 * `onRefused` hears each (to score the peer). Errors other than typed ones (storage faults) are thrown.
 */
export async function takeGroupAnswer(
  ctx: NodeContext,
  _ask: GroupAsk,
  answer: GroupAnswer,
  onRefused?: (name: string) => void,
): Promise<GroupTakeResult> {
  const result: GroupTakeResult = {
    changed: [],
    held: 0,
    lost: new Map(),
    deeper: new Map(),
    repaired: [],
    refused: {},
  }
  const now = ctx.clock.now()
  for (const log of answer.logs) {
    try {
      const verified = await Promise.all(log.records.map((r) => verifyGroupRecord(r, now)))
      if (verified.some((v) => v.record.group !== log.group))
        throw new ValidationError('a record of another group inside a group log')
      const state = ctx.store.getGroup(log.group)?.state
      const first = verified[0]
      if (state !== undefined && first !== undefined && first.record.seq <= state.seq) {
        takeOverlapping(ctx, state, verified, result)
        continue
      }
      const folded = foldGroupRecords(ctx, verified)
      if (folded !== undefined) result.changed.push(folded)
    } catch (err) {
      if (!(err instanceof DistsocError) || STORAGE_FAULTS.has(err.name)) throw err
      result.refused[err.name] = (result.refused[err.name] ?? 0) + 1
      onRefused?.(err.name)
    }
  }
  return result
}

const REKEY_RANK = { admin: 0, moderator: 1, poster: 2, viewer: 3 } as const

/**
 * Who rekeys after a leave (issue 14: one designee, so two admins do not fork the log with two
 * rekeys): the member of the highest role allowed to rekey, the smallest NodeId among equals.
 */
export function rekeyDesignee(state: GroupState): NodeId | undefined {
  let best: [NodeId, number] | undefined
  for (const [member, role] of state.members) {
    if (!roleAllows(role, 'rekey')) continue
    const rank = REKEY_RANK[role]
    if (best === undefined || rank < best[1] || (rank === best[1] && member < best[0])) best = [member, rank]
  }
  return best?.[0]
}
