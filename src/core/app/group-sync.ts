/**
 * Group records between members (issue 14; docs/protocol/groups.md "Sync"): what this node asks a
 * peer, what it reveals to a peer, and how it takes what a peer sent. A node names a group to a
 * peer only if its log names that peer a member, and answers only with groups whose log (as held
 * here) names the asker a member or invitee — the least each side needs. Every record taken goes
 * through verify → fold with role, position and epoch checks → one write; a log with a forged,
 * unauthorised, replayed or forked record is refused whole, by a typed error, writing nothing.
 */
import { DistsocError, GroupConflictError, ValidationError } from '../errors.ts'
import {
  answerGroupAsk,
  GROUP_SYNC_LIMITS,
  type GroupAnswer,
  type GroupAsk,
  type GroupLog,
  type GroupRecord,
  type GroupState,
  groupRecordId,
  roleAllows,
  verifyGroupRecord,
} from '../groups/index.ts'
import type { GroupId, NodeId, Signed, Verified } from '../model/index.ts'
import { custodyAsk, groupCustodians } from './group-custody.ts'
import { foldGroupRecords } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** What this node asks `peer`: each group held whose log names both of them members (its anchors: every group), with its head. */
export function groupAskFor(ctx: NodeContext, peer: NodeId): GroupAsk {
  // an anchor that keeps this node's logs is named all of them (group-custody.ts)
  if (groupCustodians(ctx).has(peer)) return custodyAsk(ctx)
  const me = requireIdentity(ctx).nodeId
  const heads: [GroupId, number][] = []
  for (const id of ctx.store.groupsOfMember(peer)) {
    const held = ctx.store.getGroup(id)
    if (held === undefined || !held.state.members.has(me)) continue
    heads.push([id, held.state.seq])
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
  /** Groups whose held log grew. */
  changed: GroupState[]
  /** Records already held (sent twice by a race of two peers), dropped without a write. */
  held: number
  /** Logs refused, by the typed error's name. */
  refused: Record<string, number>
}

/** The held record at `seq`, or undefined. */
function heldAt(ctx: NodeContext, group: GroupId, seq: number): Signed<GroupRecord> | undefined {
  return ctx.store.groupLog(group, seq - 1, 1)[0]
}

/**
 * Splits a verified log into what is new: a record at or before the head we named is a replay
 * (GroupConflictError), one held since is dropped if identical and a fork otherwise.
 */
function newRecords(
  ctx: NodeContext,
  log: GroupLog,
  verified: Verified<Signed<GroupRecord>>[],
  named: number | undefined,
): { fresh: Verified<Signed<GroupRecord>>[]; held: number } {
  const state = ctx.store.getGroup(log.group)?.state
  let held = 0
  const fresh: Verified<Signed<GroupRecord>>[] = []
  for (const signed of verified) {
    const seq = signed.record.seq
    if (named !== undefined && seq <= named)
      throw new GroupConflictError('a replayed group record: at or before the head this node named')
    if (state === undefined || seq > state.seq) {
      fresh.push(signed)
      continue
    }
    const mine = heldAt(ctx, log.group, seq)
    if (mine === undefined || groupRecordId(mine) !== groupRecordId(signed))
      throw new GroupConflictError('a group record that forks the held log')
    held++
  }
  return { fresh, held }
}

/**
 * Takes a peer's answer to `ask`: per group, every record verified, then the new ones folded and
 * written together (foldGroupRecords: roles, log position, epochs, membership, invitation bound).
 * A group's log with any bad record is refused whole and counted by error name; `onRefused` hears
 * each (to score the peer). Errors other than typed ones (storage faults) are thrown.
 */
export async function takeGroupAnswer(
  ctx: NodeContext,
  ask: GroupAsk,
  answer: GroupAnswer,
  onRefused?: (name: string) => void,
): Promise<GroupTakeResult> {
  const named = new Map(ask.heads)
  const result: GroupTakeResult = { changed: [], held: 0, refused: {} }
  const now = ctx.clock.now()
  for (const log of answer.logs) {
    try {
      const verified = await Promise.all(log.records.map((r) => verifyGroupRecord(r, now)))
      if (verified.some((v) => v.record.group !== log.group))
        throw new ValidationError('a record of another group inside a group log')
      const { fresh, held } = newRecords(ctx, log, verified, named.get(log.group))
      result.held += held
      if (fresh.length === 0) continue
      const state = foldGroupRecords(ctx, fresh)
      if (state !== undefined) result.changed.push(state)
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
