import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { GroupRecord } from '../groups/index.ts'
import type { GroupId, NodeId, Signed } from '../model/index.ts'
import { groupMembersSeenJoined } from './group-seen-joined.ts'
import { MIGRATIONS, migrate } from './migrations.ts'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { nodeId } from './test-support/fixtures.ts'

const SQL = await initSqlJs()
const GROUP = 'g1' as GroupId
const [creator, early, late, readded] = [1, 2, 3, 4].map(nodeId) as [NodeId, NodeId, NodeId, NodeId]
type Row = { op: string; author: NodeId; member?: NodeId; created_at: number }

/** A log of 150 records held as JSON rows, and a decoder that counts what it decodes. */
function heldLog() {
  const db = createSqlJsDriver(new SQL.Database())
  migrate(db, MIGRATIONS)
  const rows: Row[] = Array.from({ length: 150 }, (_, seq) => ({
    op: 'note',
    author: creator,
    created_at: seq,
  }))
  rows[5] = { op: 'add', author: creator, member: readded, created_at: 5 }
  rows[10] = { op: 'add', author: creator, member: early, created_at: 10 }
  rows[100] = { op: 'note', author: readded, created_at: 100 }
  rows[110] = { op: 'remove', author: creator, member: readded, created_at: 110 }
  rows[120] = { op: 'add', author: creator, member: readded, created_at: 120 }
  rows[140] = { op: 'add', author: creator, member: late, created_at: 140 }
  rows[145] = { op: 'note', author: late, created_at: 145 }
  for (const [seq, r] of rows.entries())
    db.run('INSERT INTO group_records (group_id, seq, author, record) VALUES (?, ?, ?, ?)', [
      GROUP,
      seq,
      r.author,
      new TextEncoder().encode(JSON.stringify(r)),
    ])
  const decoded = { count: 0 }
  const decode = (bytes: unknown): Signed<GroupRecord> => {
    decoded.count++
    const record = JSON.parse(new TextDecoder().decode(bytes as Uint8Array)) as GroupRecord
    return { record, signature: new Uint8Array(64) }
  }
  return { db, decode, decoded }
}

describe('members shown joined (groups.md "Shown joined")', () => {
  it('counts a record signed since the latest add, not one signed before a removal and new add', () => {
    const { db, decode } = heldLog()
    expect(groupMembersSeenJoined(db, GROUP, [early, late, readded], decode)).toEqual(new Set([late]))
  })

  it('reads the log newest first and stops once each asked member is settled', () => {
    const { db, decode, decoded } = heldLog()
    expect(groupMembersSeenJoined(db, GROUP, [late], decode)).toEqual(new Set([late]))
    expect(decoded.count).toBeLessThanOrEqual(64)
    decoded.count = 0
    expect(groupMembersSeenJoined(db, GROUP, [early], decode)).toEqual(new Set())
    expect(decoded.count).toBeGreaterThanOrEqual(140)
  })

  it('answers a member held from before accepts without reading the log', () => {
    const { db, decode, decoded } = heldLog()
    db.run('INSERT INTO group_members_before_accepts (group_id, node_id) VALUES (?, ?)', [GROUP, early])
    expect(groupMembersSeenJoined(db, GROUP, [early], decode)).toEqual(new Set([early]))
    expect(decoded.count).toBe(0)
  })
})
