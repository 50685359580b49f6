/**
 * Groups (issue 14): each group's signed record log, and the state folded from it (members with
 * roles, epoch, head) kept beside it for queries: which posts a member may be sent, a group's feed.
 * The app folds and checks a record first (groups/group-state.ts); `putGroupRecord` then writes the
 * record and the new state in one transaction, or nothing.
 */
import { CorruptStorageError, GroupConflictError, TooLargeError, ValidationError } from '../errors.ts'
import type { EpochKeySource, GroupRecord, GroupRole, GroupState } from '../groups/index.ts'
import { FORK_LIMITS, parseEpochKeys, parseGroupRecord } from '../groups/index.ts'
import type { GroupId, NodeId, PostId, Signed } from '../model/index.ts'
import { decodeCanonical, encodeCanonical, expectArray } from '../model/index.ts'
import { groupMembersSeenJoined } from './group-seen-joined.ts'
import { removePostRows } from './post-removal.ts'
import type { StoreContext } from './store-context.ts'
import { checkMillis, checkNodeId } from './validate.ts'

/** A group as this node holds it. */
export interface StoredGroup {
  state: GroupState
  /** The user accepted the invitation (or created the group); unaccepted groups are invitations. */
  accepted: boolean
}

/** The groups part of the store. */
export interface GroupStore {
  /** Appends `signed` at `state.seq` and replaces the group's state with `state`; GroupConflictError if that seq is held. */
  putGroupRecord(signed: Signed<GroupRecord>, state: GroupState, accepted?: boolean): void
  /** The state of a held group. */
  getGroup(id: GroupId): StoredGroup | undefined
  /** Every held group (accepted ones and invitations), newest change first. */
  listGroups(): StoredGroup[]
  /** Records of a group's log after `afterSeq`, in order, at most `limit`. */
  groupLog(id: GroupId, afterSeq?: number, limit?: number): Signed<GroupRecord>[]
  /** Marks an invitation accepted. */
  acceptGroup(id: GroupId): void
  /** Drops a group, its log and its members (an invitation declined). */
  deleteGroup(id: GroupId): void
  /** Ids of the groups `node` is a member of. */
  groupsOfMember(node: NodeId): GroupId[]
  /**
   * Members of a held group shown joined whatever the fold's `pending` says (groups.md "Shown
   * joined"): held from before signed accepts (migration 17), or, since their latest `add`, the
   * signer of a record of its log or the author of a post in it held here — evidently in. What
   * they did before a removal and a new invitation does not count. Answers for `among` only.
   */
  groupMembersSeenJoined(id: GroupId, among: Iterable<NodeId>): Set<NodeId>
  /** Drops a post of a group (a Moderator's delete-post record); false if it is not a group post held. */
  removeGroupPost(id: PostId): boolean
  /** Group posts held, newest first. */
  groupPostIds(id: GroupId, limit: number): PostId[]
  /** Drops the records of a group's log from `seq` on (a losing fork branch; the caller writes the winner in the same transaction). */
  dropGroupRecordsFrom(id: GroupId, seq: number): void
  /**
   * Keeps this node's copies of a losing branch's epoch keys (at most FORK_LIMITS.retiredKeysPerGroup
   * per call), then only the newest that many per group by `at` (then epoch): the oldest go first.
   * Errors: ValidationError, TooLargeError, InvalidNodeIdError for a bad argument; nothing is written then.
   */
  retireGroupKeys(id: GroupId, sources: readonly EpochKeySource[], at: number): void
  /** The retired epoch keys of `epoch` of a group (losing fork branches). */
  retiredGroupKeys(id: GroupId, epoch: number): EpochKeySource[]
}

const GROUP_ID = /^[0-9a-f]{64}$/

function checkGroupId(value: unknown, arg: string): asserts value is GroupId {
  if (typeof value !== 'string' || !GROUP_ID.test(value))
    throw new ValidationError(`${arg}: must be a group id`)
}

interface GroupRow {
  id: string
  name: string
  owner: string
  updated_at: number
  epoch: number
  seq: number
  head: string
  epoch_pub: Uint8Array | null
  accepted: number
  needs_rekey: number
}

function decodeRecord(bytes: unknown): Signed<GroupRecord> {
  try {
    const o = decodeCanonical(bytes as Uint8Array) as { record: unknown; signature: Uint8Array }
    return { record: parseGroupRecord(o.record), signature: o.signature }
  } catch {
    throw new CorruptStorageError('group record: bad row')
  }
}

/** Builds the groups part over a shared context. */
export function createGroupStore({ db }: StoreContext): GroupStore {
  const toGroup = (row: GroupRow): StoredGroup => {
    if (!(row.epoch_pub instanceof Uint8Array)) throw new CorruptStorageError('group: no epoch key')
    const rows = db.all<{ node_id: NodeId; role: GroupRole; pending: number }>(
      'SELECT node_id, role, pending FROM group_members WHERE group_id = ? ORDER BY node_id',
      [row.id],
    )
    const members = new Map(rows.map((m) => [m.node_id, m.role] as const))
    const pending = new Set(rows.filter((m) => m.pending === 1).map((m) => m.node_id))
    return {
      accepted: row.accepted === 1,
      state: {
        id: row.id as GroupId,
        name: row.name,
        creator: row.owner as NodeId,
        seq: row.seq,
        head: row.head,
        epoch: row.epoch,
        epoch_pub: row.epoch_pub,
        members,
        pending,
        needs_rekey: row.needs_rekey === 1,
        updated_at: row.updated_at,
      },
    }
  }
  const COLUMNS = 'id, name, owner, updated_at, epoch, seq, head, epoch_pub, accepted, needs_rekey'

  return {
    putGroupRecord(signed, state, accepted) {
      checkGroupId(state.id, 'state.id')
      if (signed.record.group !== state.id || signed.record.seq !== state.seq)
        throw new ValidationError('signed: must be the record the state was folded to')
      const bytes = encodeCanonical(signed)
      db.transaction(() => {
        const held = db.get('SELECT 1 AS x FROM group_records WHERE group_id = ? AND seq = ?', [
          state.id,
          state.seq,
        ])
        if (held !== undefined) throw new GroupConflictError('that group record is held already')
        db.run('INSERT INTO group_records (group_id, seq, author, record) VALUES (?, ?, ?, ?)', [
          state.id,
          state.seq,
          signed.record.author,
          bytes,
        ])
        const before = db.get<{ accepted: number }>('SELECT accepted FROM groups WHERE id = ?', [state.id])
        const acc = accepted ?? before?.accepted === 1
        db.run(
          'INSERT OR REPLACE INTO groups (id, name, owner, record, updated_at, epoch, seq, head, epoch_pub, accepted, needs_rekey) ' +
            'VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)',
          [
            state.id,
            state.name,
            state.creator,
            state.updated_at,
            state.epoch,
            state.seq,
            state.head,
            state.epoch_pub,
            acc ? 1 : 0,
            state.needs_rekey ? 1 : 0,
          ],
        )
        const old = db.all<{ node_id: NodeId }>('SELECT node_id FROM group_members WHERE group_id = ?', [
          state.id,
        ])
        db.run('DELETE FROM group_members WHERE group_id = ?', [state.id])
        for (const [member, role] of state.members)
          db.run('INSERT INTO group_members (group_id, node_id, role, pending) VALUES (?, ?, ?, ?)', [
            state.id,
            member,
            role,
            state.pending.has(member) ? 1 : 0,
          ])
        // A member who is gone is sent nothing more of the group (its posts' recipient rows go);
        // added again later, theirs is a new invitation (no mark from before accepts).
        for (const { node_id } of old) {
          if (state.members.has(node_id)) continue
          db.run('DELETE FROM group_members_before_accepts WHERE group_id = ? AND node_id = ?', [
            state.id,
            node_id,
          ])
          db.run(
            'DELETE FROM post_recipients WHERE recipient = ? AND post_id IN (SELECT id FROM posts WHERE group_id = ?)',
            [node_id, state.id],
          )
        }
      })
    },
    getGroup(id) {
      checkGroupId(id, 'id')
      const row = db.get<GroupRow>(`SELECT ${COLUMNS} FROM groups WHERE id = ? AND seq IS NOT NULL`, [id])
      return row === undefined ? undefined : toGroup(row)
    },
    listGroups() {
      return db.all<GroupRow>(`SELECT ${COLUMNS} FROM groups ORDER BY updated_at DESC, id`).map(toGroup)
    },
    groupLog(id, afterSeq = -1, limit = 4096) {
      checkGroupId(id, 'id')
      return db
        .all<{ record: Uint8Array }>(
          'SELECT record FROM group_records WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?',
          [id, afterSeq, limit],
        )
        .map((r) => decodeRecord(r.record))
    },
    acceptGroup(id) {
      checkGroupId(id, 'id')
      db.run('UPDATE groups SET accepted = 1 WHERE id = ?', [id])
    },
    deleteGroup(id) {
      checkGroupId(id, 'id')
      db.transaction(() => {
        db.run('DELETE FROM group_records WHERE group_id = ?', [id])
        db.run('DELETE FROM group_members WHERE group_id = ?', [id])
        db.run('DELETE FROM group_retired_keys WHERE group_id = ?', [id])
        db.run('DELETE FROM group_members_before_accepts WHERE group_id = ?', [id])
        db.run('DELETE FROM groups WHERE id = ?', [id])
      })
    },
    groupsOfMember(node) {
      checkNodeId(node, 'node')
      return db
        .all<{ group_id: GroupId }>('SELECT group_id FROM group_members WHERE node_id = ?', [node])
        .map((r) => r.group_id)
    },
    groupMembersSeenJoined(id, among) {
      checkGroupId(id, 'id')
      return groupMembersSeenJoined(db, id, among, decodeRecord)
    },
    removeGroupPost(id) {
      return db.transaction(() => {
        if (db.get('SELECT 1 AS x FROM posts WHERE id = ? AND group_id IS NOT NULL', [id]) === undefined)
          return false
        removePostRows(db, id)
        return true
      })
    },
    dropGroupRecordsFrom(id, seq) {
      checkGroupId(id, 'id')
      db.run('DELETE FROM group_records WHERE group_id = ? AND seq >= ?', [id, seq])
    },
    retireGroupKeys(id, sources, at) {
      checkGroupId(id, 'id')
      checkMillis(at, 'at')
      const list = expectArray(sources, 'sources')
      if (list.length > FORK_LIMITS.retiredKeysPerGroup)
        throw new TooLargeError(`sources: more than ${FORK_LIMITS.retiredKeysPerGroup}`)
      const clean = list.map((s, i) => parseEpochKeys(s, `sources[${i}]`))
      db.transaction(() => {
        for (const s of clean)
          db.run(
            'INSERT OR REPLACE INTO group_retired_keys (group_id, epoch, epoch_pub, ephemeral_pub, keys, retired_at) VALUES (?, ?, ?, ?, ?, ?)',
            [id, s.epoch, s.epoch_pub, s.ephemeral_pub, encodeCanonical(s.keys), at],
          )
        db.run(
          'DELETE FROM group_retired_keys WHERE group_id = ? AND epoch_pub NOT IN (SELECT epoch_pub FROM ' +
            'group_retired_keys WHERE group_id = ? ORDER BY retired_at DESC, epoch DESC, epoch_pub LIMIT ?)',
          [id, id, FORK_LIMITS.retiredKeysPerGroup],
        )
      })
    },
    retiredGroupKeys(id, epoch) {
      checkGroupId(id, 'id')
      return db
        .all<{ epoch_pub: Uint8Array; ephemeral_pub: Uint8Array; keys: Uint8Array }>(
          'SELECT epoch_pub, ephemeral_pub, keys FROM group_retired_keys WHERE group_id = ? AND epoch = ? ORDER BY retired_at DESC',
          [id, epoch],
        )
        .map((r) => {
          try {
            const keys = decodeCanonical(r.keys) as EpochKeySource['keys']
            return { epoch, epoch_pub: r.epoch_pub, ephemeral_pub: r.ephemeral_pub, keys }
          } catch {
            throw new CorruptStorageError('group retired key: bad row')
          }
        })
    },
    groupPostIds(id, limit) {
      checkGroupId(id, 'id')
      return db
        .all<{ id: PostId }>(
          'SELECT id FROM posts WHERE group_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
          [id, limit],
        )
        .map((r) => r.id)
    },
  }
}
