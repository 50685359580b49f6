/**
 * Repair of a forked group log (issue 14; docs/protocol/groups.md "Forks"). Two admins who sign at
 * the same moment make two records with the same `prev`. Every node settles such a fork the same
 * way, whichever branch it saw first: at the fork's parent, the record whose author has the higher
 * role wins, then the smaller record id; the losing branch leaves the fold whole. Only an Admin's
 * record (or any record, over a held accept) may displace a held one, only within the last `FORK_LIMITS.depth` records, and the
 * displacing branch must fold cleanly from the parent, so a non-admin's fork, a forged branch or a
 * rewrite of old history is refused with a typed error and nothing changes.
 */
import { GroupConflictError } from '../errors.ts'
import type { Signed, Verified } from '../model/index.ts'
import { type GroupRecord, groupRecordId } from './group-records.ts'
import { applyGroupRecord, type GroupState } from './group-state.ts'
import type { GroupRole } from './roles.ts'

/** Bounds of fork repair. */
export const FORK_LIMITS = {
  /** A node drops at most this many of its held records for a winning branch (older ones are final for it). */
  depth: 32,
  /** Epoch keys of losing branches a node keeps per group, so posts made under them stay readable. */
  retiredKeysPerGroup: 32,
} as const

const RANK: Record<GroupRole, number> = { admin: 3, moderator: 2, poster: 1, viewer: 0 }

const isAccept = (r: Signed<GroupRecord>): boolean => r.record.op === 'accept'

/**
 * Whether record `a` beats record `b`, two children of the same parent state `parent`, heading the
 * branches `aBranch` and `bBranch` (each from its first record on): an `accept` ranks below every
 * other record (its signer signs it again on top, so it never holds the log back); else the higher
 * role of the author at the parent wins. Between two accepts, a branch holding any other record
 * beats one of accepts only (an accept cannot drop others' changes). Then the smaller record id. A
 * total order every node computes the same from the two branches and their common history.
 */
export function beatsInFork(
  parent: GroupState,
  a: Signed<GroupRecord>,
  b: Signed<GroupRecord>,
  aBranch: readonly Signed<GroupRecord>[] = [a],
  bBranch: readonly Signed<GroupRecord>[] = [b],
): boolean {
  const rank = (r: Signed<GroupRecord>) =>
    isAccept(r) ? -1 : RANK[parent.members.get(r.record.author) ?? 'viewer']
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra > rb
  if (isAccept(a)) {
    const sa = aBranch.some((r) => !isAccept(r))
    const sb = bBranch.some((r) => !isAccept(r))
    if (sa !== sb) return sa
  }
  return groupRecordId(a) < groupRecordId(b)
}

/** What taking a run of a peer's records does to a held log. */
export type LogMerge =
  /** Nothing new: every record was held already. */
  | { kind: 'held' }
  /** A valid competing branch that loses the fork: dropped, nothing written. */
  | { kind: 'lost'; at: number }
  /** The run does not reach back to a record held in common: ask again from `seq` (a record held here). */
  | { kind: 'deeper'; seq: number }
  /**
   * Write `records` from seq `from` on (each with the state after it), replacing the held records
   * from `from` on (`dropped`, empty when the run only extends the log).
   */
  | {
      kind: 'adopt'
      from: number
      records: Verified<Signed<GroupRecord>>[]
      states: GroupState[]
      dropped: Signed<GroupRecord>[]
    }

/** The state after the first `count` records of a held (already checked) log. */
export function foldHeld(held: readonly Signed<GroupRecord>[], count: number): GroupState {
  let state: GroupState | undefined
  for (let i = 0; i < count; i++) state = applyGroupRecord(state, held[i] as Verified<Signed<GroupRecord>>)
  if (state === undefined) throw new GroupConflictError('a group log starts with its create record')
  return state
}

function foldRun(parent: GroupState, run: readonly Verified<Signed<GroupRecord>>[]): GroupState[] {
  const states: GroupState[] = []
  let state = parent
  for (const signed of run) {
    state = applyGroupRecord(state, signed)
    states.push(state)
  }
  return states
}

/**
 * Merges `incoming` (verified records of one group, consecutive in a peer's log) into `held` (this
 * node's whole log, from its create record). Records held already are skipped; the first other one
 * either extends the log, forks it (settled by `beatsInFork`), or lies below what the run shows of
 * the common history (`deeper`). Errors (nothing is to be written): GroupConflictError — a second
 * create, a broken chain, a fork whose record is not an Admin's, a winning fork deeper than
 * FORK_LIMITS.depth; and whatever applyGroupRecord throws for a branch that does not fold.
 */
export function mergeGroupLog(
  held: readonly Signed<GroupRecord>[],
  incoming: readonly Verified<Signed<GroupRecord>>[],
  headState?: GroupState,
): LogMerge {
  let i = 0
  while (i < incoming.length) {
    const r = incoming[i] as Verified<Signed<GroupRecord>>
    const mine = held[r.record.seq]
    if (mine === undefined || groupRecordId(mine) !== groupRecordId(r)) break
    i++
  }
  if (i === incoming.length) return { kind: 'held' }
  const first = incoming[i] as Verified<Signed<GroupRecord>>
  const run = incoming.slice(i)
  const at = first.record.seq
  if (at > held.length) throw new GroupConflictError('a group record out of order')
  if (at === 0) {
    if (held.length > 0) throw new GroupConflictError('a second create record for the group')
    return { kind: 'adopt', from: 0, records: run, states: foldFromCreate(run), dropped: [] }
  }
  const parentRecord = held[at - 1] as Signed<GroupRecord>
  if (first.record.prev !== groupRecordId(parentRecord)) {
    if (i === 0) return { kind: 'deeper', seq: at - 1 }
    throw new GroupConflictError('the group records do not chain')
  }
  const parent = at === held.length && headState !== undefined ? headState : foldHeld(held, at)
  const states = foldRun(parent, run)
  if (at === held.length) return { kind: 'adopt', from: at, records: run, states, dropped: [] }
  const rival = held[at] as Signed<GroupRecord>
  // only an Admin's record forks the log, or a fork where an accept is one side (groups.md "Forks")
  if (parent.members.get(first.record.author) !== 'admin' && !isAccept(first) && !isAccept(rival))
    throw new GroupConflictError('a fork of the group log by a non-admin')
  if (!beatsInFork(parent, first, rival, run, held.slice(at))) return { kind: 'lost', at }
  if (held.length - at > FORK_LIMITS.depth)
    throw new GroupConflictError(`a fork deeper than ${FORK_LIMITS.depth} records is final here`)
  return { kind: 'adopt', from: at, records: run, states, dropped: held.slice(at) }
}

function foldFromCreate(run: readonly Verified<Signed<GroupRecord>>[]): GroupState[] {
  const [create, ...rest] = run
  const state = applyGroupRecord(undefined, create as Verified<Signed<GroupRecord>>)
  return [state, ...foldRun(state, rest)]
}

/**
 * Where an answer to a named point `[seq, head]` starts (the seq it sends records after), given the
 * answerer's head seq and its record id at `seq` (undefined if it holds none there): after `seq`
 * when it holds that very record (or the ask named no id); its head record alone when the asker is
 * ahead on a record it cannot check; else the last `FORK_LIMITS.depth` records up to `seq`, so the
 * asker sees where the two logs part.
 */
export function answerStartsAfter(
  heldSeq: number,
  idAtSeq: string | undefined,
  named: { seq: number; head?: string },
): number {
  if (named.head === undefined || idAtSeq === named.head) return named.seq
  if (heldSeq < named.seq) return heldSeq - 1
  return Math.max(-1, named.seq - FORK_LIMITS.depth)
}
