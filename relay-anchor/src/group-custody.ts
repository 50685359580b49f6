/**
 * The anchor keeps its users' group logs (issue 14; docs/protocol/groups.md "Anchors hold group
 * logs"), so members who are never online together still get invitations, membership changes and
 * rekeys. A log is taken only from a user (a peer whose profile lists this anchor, the mailbox's
 * rule) whose held-or-sent log names them a member; every record is verified and the whole log
 * merged with the nodes' own merge (groups/mergeGroupLog) before one write, so a fork is settled
 * by the nodes' fork choice: the anchor keeps one branch, the winner, and drops the loser whole
 * (at most FORK_LIMITS.depth held records, as a node); a branch that loses is refused
 * (GroupConflictError), and so is any bad log, whole, writing nothing. Logs are served by the nodes' reveal rule
 * (answerGroupAsk). Each record is charged to the user who brought it, within caps per user and in
 * total; nothing held is ever evicted, so a flood of sybil users cannot push honest logs out.
 * The anchor stores signed records only: epoch secrets inside are wrapped for members' keys.
 */
import {
  DistsocError,
  GroupConflictError,
  MailboxQuotaExceededError,
  NotAGroupMemberError,
  NotAnAnchorUserError,
  ValidationError,
} from '../../src/core/errors.ts'
import {
  answerGroupAsk,
  type GroupAnswer,
  type GroupAsk,
  type GroupHold,
  type GroupHoldReceipt,
  type GroupLog,
  type GroupState,
  mergeGroupLog,
  verifyGroupRecord,
} from '../../src/core/groups/index.ts'
import type { GroupId, NodeId } from '../../src/core/model/index.ts'
import { encodeCanonical } from '../../src/core/model/index.ts'
import type { Store } from '../../src/core/storage/index.ts'

/** Caps on the group records an anchor keeps (records and encoded bytes), per user and in total. */
export interface GroupCustodyQuota {
  perUserRecords: number
  perUserBytes: number
  totalRecords: number
  totalBytes: number
}

/** Defaults: a user may bring two full logs' worth of records (a rekey of 256 members is ≈ 25 KiB). */
export const DEFAULT_GROUP_QUOTA: GroupCustodyQuota = {
  perUserRecords: 8192,
  perUserBytes: 16 * 1024 * 1024,
  totalRecords: 2_000_000,
  totalBytes: 4 * 1024 * 1024 * 1024,
}

/** What the custody works with. */
export interface GroupCustodyDeps {
  store: Store
  /** True if `peer` is a user of this anchor (its profile lists the anchor). */
  isUser(peer: NodeId): boolean
  quota: GroupCustodyQuota
  now(): number
  /** A log was refused (metrics, logs). */
  onRefused?(from: NodeId, reason: string): void
  /** A fork was settled for `from`'s branch, `dropped` held records gone (metrics, logs). */
  onForkSettled?(from: NodeId, dropped: number): void
}

/** The anchor's side of group records. */
export interface GroupCustody {
  /** Takes a user's hold: each log verified, folded and written whole, or refused whole. */
  take(hold: GroupHold, from: NodeId): Promise<GroupHoldReceipt>
  /** Answers a group ask by the nodes' reveal rule. */
  answer(ask: GroupAsk, from: NodeId): GroupAnswer
  /** Records and bytes held, in total. */
  usage(): { records: number; bytes: number }
}

/** Errors of the anchor's storage, not of the sender's records: they end the exchange. */
const STORAGE_FAULTS: ReadonlySet<string> = new Set(['StorageWriteError', 'CorruptStorageError'])

/** The group custody over the mailbox's store. */
export function createGroupCustody(deps: GroupCustodyDeps): GroupCustody {
  const { store, quota } = deps
  const db = store.db
  const usageOf = (holder?: NodeId): { records: number; bytes: number } => {
    const row =
      holder === undefined
        ? db.get<{ n: number; b: number }>(
            'SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM group_custody',
          )
        : db.get<{ n: number; b: number }>(
            'SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM group_custody WHERE holder = ?',
            [holder],
          )
    return { records: row?.n ?? 0, bytes: row?.b ?? 0 }
  }

  /** What `from` has been charged for the held records of `group` from `seq` on (a branch to drop). */
  const chargedFrom = (group: GroupId, seq: number, holder?: NodeId): { records: number; bytes: number } => {
    const row = db.get<{ n: number; b: number }>(
      'SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM group_custody WHERE group_id = ? AND seq >= ?' +
        (holder === undefined ? '' : ' AND holder = ?'),
      holder === undefined ? [group, seq] : [group, seq, holder],
    )
    return { records: row?.n ?? 0, bytes: row?.b ?? 0 }
  }

  const takeLog = async (log: GroupLog, from: NodeId): Promise<void> => {
    const now = deps.now()
    const verified = await Promise.all(log.records.map((r) => verifyGroupRecord(r, now)))
    if (verified.some((v) => v.record.group !== log.group))
      throw new ValidationError('a record of another group inside a group log')
    const held = store.getGroup(log.group)?.state
    // the nodes' own merge: a fork is settled by their fork choice (groups.md "Forks")
    const merge = mergeGroupLog(held === undefined ? [] : store.groupLog(log.group), verified, held)
    if (merge.kind === 'held') return
    if (merge.kind === 'lost') throw new GroupConflictError('a branch that loses the fork to the held log')
    if (merge.kind === 'deeper') throw new GroupConflictError('the records do not reach the held log')
    if (!(held?.members.has(from) === true || merge.states.some((s) => s.members.has(from))))
      throw new NotAGroupMemberError('a group log that does not name its sender a member')
    const sizes = merge.records.map((r) => encodeCanonical(r).length)
    const bytes = sizes.reduce((a, b) => a + b, 0)
    const freed = chargedFrom(log.group, merge.from)
    const freedMine = chargedFrom(log.group, merge.from, from)
    const mine = usageOf(from)
    const all = usageOf()
    if (
      all.records - freed.records + sizes.length > quota.totalRecords ||
      all.bytes - freed.bytes + bytes > quota.totalBytes
    )
      throw new MailboxQuotaExceededError('the anchor keeps no more group records')
    if (
      mine.records - freedMine.records + sizes.length > quota.perUserRecords ||
      mine.bytes - freedMine.bytes + bytes > quota.perUserBytes
    )
      throw new MailboxQuotaExceededError('your group records at this anchor are at their quota')
    store.transaction(() => {
      if (merge.dropped.length > 0) {
        // the losing branch goes whole, with what its bringers were charged for it
        store.dropGroupRecordsFrom(log.group, merge.from)
        db.run('DELETE FROM group_custody WHERE group_id = ? AND seq >= ?', [log.group, merge.from])
      }
      merge.records.forEach((signed, i) => {
        store.putGroupRecord(signed, merge.states[i] as GroupState)
        db.run('INSERT INTO group_custody (group_id, seq, holder, bytes) VALUES (?, ?, ?, ?)', [
          log.group,
          signed.record.seq,
          from,
          sizes[i] ?? 0,
        ])
      })
    })
    if (merge.dropped.length > 0) deps.onForkSettled?.(from, merge.dropped.length)
  }

  /** The anchor's head of `group` for `from`, if it holds a log naming them a member. */
  const headFor = (group: GroupId, from: NodeId): [GroupId, number] | undefined => {
    const held = store.getGroup(group)
    return held?.state.members.has(from) === true ? [group, held.state.seq] : undefined
  }

  return {
    async take(hold, from) {
      const refused: [GroupId, string][] = []
      if (!deps.isUser(from)) {
        for (const log of hold.logs) {
          refused.push([log.group, NotAnAnchorUserError.name])
          deps.onRefused?.(from, NotAnAnchorUserError.name)
        }
        return { v: 1, heads: [], refused }
      }
      for (const log of hold.logs) {
        try {
          await takeLog(log, from)
        } catch (err) {
          if (!(err instanceof DistsocError) || STORAGE_FAULTS.has(err.name)) throw err
          refused.push([log.group, err.name])
          deps.onRefused?.(from, err.name)
        }
      }
      const named = new Set([...hold.probe, ...hold.logs.map((l) => l.group)])
      const heads = [...named].map((g) => headFor(g, from)).filter((h) => h !== undefined)
      return { v: 1, heads, refused }
    },
    answer: (ask, from) => answerGroupAsk(store, from, ask),
    usage: () => usageOf(),
  }
}
