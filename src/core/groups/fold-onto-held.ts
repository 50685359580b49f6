/**
 * Folding a peer's log of one group onto the log held, without writing (issue 14): the fold every
 * holder runs — a member's node and an anchor keeping logs for its users — before one write.
 */
import { GroupConflictError, ValidationError } from '../errors.ts'
import type { Signed, Verified } from '../model/index.ts'
import { type GroupRecord, groupRecordId } from './group-records.ts'
import { applyGroupRecord, type GroupState } from './group-state.ts'

/** One record taken: the record and the group's state after it. */
export interface FoldStep {
  signed: Verified<Signed<GroupRecord>>
  state: GroupState
}

/** What a log brings: the new records folded in order, and how many were held already. */
export interface HeldFold {
  steps: FoldStep[]
  /** Records identical to ones held (sent again), dropped. */
  held: number
}

/**
 * Folds `verified` (records of one group in log order) onto `held` (the state held, undefined
 * when none is): a record at a seq already held must be the held one (`heldAt`), else it forks the
 * log; the rest go through applyGroupRecord one after another. Errors: ValidationError (records of
 * several groups), GroupConflictError (fork, replay, gap), and all that applyGroupRecord throws.
 */
export function foldOntoHeld(
  held: GroupState | undefined,
  heldAt: (seq: number) => Signed<GroupRecord> | undefined,
  verified: readonly Verified<Signed<GroupRecord>>[],
): HeldFold {
  const group = verified[0]?.record.group
  if (verified.some((v) => v.record.group !== group))
    throw new ValidationError('a record of another group inside a group log')
  const steps: FoldStep[] = []
  let repeated = 0
  let state = held
  for (const signed of verified) {
    if (held !== undefined && steps.length === 0 && signed.record.seq <= held.seq) {
      const mine = heldAt(signed.record.seq)
      if (mine === undefined || groupRecordId(mine) !== groupRecordId(signed))
        throw new GroupConflictError('a group record that forks the held log')
      repeated++
      continue
    }
    state = applyGroupRecord(state, signed)
    steps.push({ signed, state })
  }
  return { steps, held: repeated }
}
