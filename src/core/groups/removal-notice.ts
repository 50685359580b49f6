/**
 * Telling a removed member she was removed (issue 14; docs/protocol/groups.md "Sync"): when she
 * names a group whose held log no longer names her a member, she is sent its records after her
 * head up to the signed `remove` naming her — the least she needs, and nothing newer (not the next
 * epoch's adds, keys or posts). Her node folds them with every check, so only a remove signed by
 * someone whose role allows it removes anything (a forged one or a Poster's is refused whole).
 */
import type { GroupId, NodeId } from '../model/index.ts'
import type { GroupAsk } from './group-sync-frames.ts'
import type { HeldGroupLogs } from './held-logs.ts'

/** Groups looked up for a removal per ask at most (each reads one log; asks are rate-limited too). */
export const REMOVAL_LOOKUPS_PER_ASK = 4

/** The seq of the first `remove` of `member` in a held log after `afterSeq`, or undefined. */
export function removalAfter(
  logs: HeldGroupLogs,
  group: GroupId,
  member: NodeId,
  afterSeq: number,
): number | undefined {
  for (const { record: r } of logs.groupLog(group, afterSeq)) {
    if (r.op === 'remove' && r.member === member) return r.seq
  }
  return undefined
}

/**
 * For the groups `asker` named that do not name them a member now (`memberOf` are those that do):
 * the seq of the removal each must be told of, at most REMOVAL_LOOKUPS_PER_ASK looked up.
 */
export function removalsToTell(
  logs: HeldGroupLogs,
  asker: NodeId,
  ask: GroupAsk,
  memberOf: readonly GroupId[],
): Map<GroupId, number> {
  const member = new Set(memberOf)
  const out = new Map<GroupId, number>()
  let looked = 0
  for (const [id, after] of ask.heads) {
    if (member.has(id) || logs.getGroup(id) === undefined) continue
    if (looked++ === REMOVAL_LOOKUPS_PER_ASK) break
    const seq = removalAfter(logs, id, asker, after)
    if (seq !== undefined) out.set(id, seq)
  }
  return out
}
