/**
 * Which members of a held group show joined whatever the fold's `pending` says (groups.md "Shown
 * joined"): held from before signed accepts (migration 17), or, since their latest `add`, the signer
 * of a record of its log or the author of a post in it held here.
 */
import type { GroupRecord } from '../groups/index.ts'
import type { GroupId, NodeId, Signed } from '../model/index.ts'
import type { SqlDriver } from './sql-driver.ts'

/** Records read per step of the backward scan: a rekey record is ~36 kB, so most views stop early. */
const SCAN_PAGE = 64

/**
 * The members of `among` shown joined. The log is read newest first and only until each member's
 * latest `add` is found, so a long log of a group with one invited member is not decoded whole.
 */
export function groupMembersSeenJoined(
  db: SqlDriver,
  id: GroupId,
  among: Iterable<NodeId>,
  decodeRecord: (bytes: unknown) => Signed<GroupRecord>,
): Set<NodeId> {
  const open = new Set(among)
  const seen = new Set<NodeId>()
  for (const { node_id } of db.all<{ node_id: NodeId }>(
    'SELECT node_id FROM group_members_before_accepts WHERE group_id = ?',
    [id],
  )) {
    if (open.delete(node_id)) seen.add(node_id)
  }
  // member → created_at of their latest add, once the backward scan has passed it
  const addedAt = new Map<NodeId, number>()
  for (let offset = 0; open.size > addedAt.size; offset += SCAN_PAGE) {
    const page = db.all<{ record: Uint8Array }>(
      'SELECT record FROM group_records WHERE group_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
      [id, SCAN_PAGE, offset],
    )
    for (const { record } of page.map((r) => decodeRecord(r.record))) {
      // a record signed at or after the signer's latest add (that add included) shows them in
      if (open.has(record.author) && !addedAt.has(record.author)) {
        open.delete(record.author)
        seen.add(record.author)
      }
      if (record.op === 'add' && open.has(record.member) && !addedAt.has(record.member))
        addedAt.set(record.member, record.created_at)
    }
    if (page.length < SCAN_PAGE) break
  }
  for (const member of open) {
    const last = db.get<{ at: number | null }>(
      'SELECT MAX(created_at) AS at FROM posts WHERE group_id = ? AND author = ?',
      [id, member],
    )?.at
    if (last != null && last >= (addedAt.get(member) ?? Number.NEGATIVE_INFINITY)) seen.add(member)
  }
  return seen
}
