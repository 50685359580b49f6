/**
 * The reveal rule of group sync as one function every holder applies (issue 14;
 * docs/protocol/groups.md "Sync"): a member's node and an anchor that keeps its users' logs answer
 * an ask the same way — only with groups whose log, as held, names the asker a member (an invitee
 * is one), so an outsider or a removed member who knows a group id learns nothing of it.
 */
import type { GroupId, NodeId, Signed } from '../model/index.ts'
import { encodeCanonical } from '../model/index.ts'
import { answerStartsAfter } from './fork-choice.ts'
import { type GroupRecord, groupRecordId } from './group-records.ts'
import type { GroupState } from './group-state.ts'
import { GROUP_SYNC_LIMITS, type GroupAnswer, type GroupAsk, type GroupLog } from './group-sync-frames.ts'
import { removalsToTell } from './removal-notice.ts'

/** What answering needs of a holder's store (the node's and the anchor's Store both are one). */
export interface HeldGroupLogs {
  /** Ids of the groups whose held log names `node` a member now. */
  groupsOfMember(node: NodeId): GroupId[]
  /** The folded state of a held group. */
  getGroup(id: GroupId): { state: GroupState } | undefined
  /** Records of a group's log after `afterSeq`, in order, at most `limit`. */
  groupLog(id: GroupId, afterSeq?: number, limit?: number): Signed<GroupRecord>[]
}

/** The id of the held record at `seq` of a group (the head's without a read), or undefined. */
function idAt(logs: HeldGroupLogs, state: GroupState, seq: number): string | undefined {
  if (seq === state.seq) return state.head
  if (seq > state.seq) return undefined
  const held = logs.groupLog(state.id, seq - 1, 1)[0]
  return held === undefined ? undefined : groupRecordId(held)
}

/**
 * The answer to `asker`: for each group whose held log names them a member (the groups they named
 * first, then ones they could not name — invitations, sent from seq 0), the records after their
 * head — or, when their head is not the record held at that seq, from where the two logs may part
 * (answerStartsAfter, docs/protocol/groups.md "Forks") — in log order, within the answer's bounds
 * (`more` when something was left out). A group they
 * named that no longer names them gets its records up to the `remove` naming them (removal-notice.ts);
 * any other group they named that does not name them gets nothing.
 */
export function answerGroupAsk(logs: HeldGroupLogs, asker: NodeId, ask: GroupAsk): GroupAnswer {
  const named = new Map(ask.heads.map(([g, seq, head]) => [g, { seq, head }]))
  const theirs = logs.groupsOfMember(asker)
  // a removed member who names the group is sent its log up to her removal, nothing newer
  const removed = removalsToTell(logs, asker, ask, theirs)
  const ordered = [
    ...theirs.filter((g) => named.has(g)),
    ...theirs.filter((g) => !named.has(g)),
    ...removed.keys(),
  ]
  const out: GroupLog[] = []
  let bytes = 0
  let records = 0
  let more = false
  for (const id of ordered) {
    const held = logs.getGroup(id)
    if (held === undefined) continue
    const point = named.get(id)
    const end = removed.get(id) ?? held.state.seq
    const after =
      point === undefined
        ? -1
        : removed.has(id)
          ? point.seq
          : answerStartsAfter(held.state.seq, idAt(logs, held.state, point.seq), point)
    if (end <= after) continue
    const room = GROUP_SYNC_LIMITS.recordsPerAnswer - records
    if (out.length === GROUP_SYNC_LIMITS.logsPerAnswer || room === 0) {
      more = true
      break
    }
    const taken: Record<string, unknown>[] = []
    for (const signed of logs.groupLog(id, after, Math.min(room, end - after))) {
      const size = encodeCanonical(signed).length
      if (bytes + size > GROUP_SYNC_LIMITS.answerRecordBytes && records + taken.length > 0) break
      bytes += size
      taken.push(signed as unknown as Record<string, unknown>)
    }
    if (taken.length > 0) out.push({ group: id, records: taken })
    records += taken.length
    if (taken.length < end - after) {
      more = true
      break
    }
  }
  return { v: 1, logs: out, more }
}
