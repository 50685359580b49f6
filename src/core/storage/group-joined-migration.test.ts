/**
 * Migrations 16 and 17 on a database of the old shape (issue 14; groups.md "Accepting an
 * invitation"): a group held before signed accepts existed (no `pending` column, no accept in its
 * log). The fold, as every node computes it, still holds its members invited; the store shows them
 * joined — their joining is unknowable — until they leave; a member added afterwards is invited
 * until their accept, a post or a record of theirs says otherwise.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { applyGroupRecord, buildAccept, buildAdd, buildRemove, type GroupState } from '../groups/index.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from '../groups/test-support/group-fixture.ts'
import { encodeCanonical } from '../model/index.ts'
import { MIGRATIONS, migrate, schemaVersion } from './migrations.ts'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { openStore } from './store.ts'

const SQL = await initSqlJs()
const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(personOf) as [
  ReturnType<typeof personOf>,
  ReturnType<typeof personOf>,
  ReturnType<typeof personOf>,
  ReturnType<typeof personOf>,
]

/** A database at version 15 holding `group` as the code of then wrote it (no pending column). */
function oldDatabase(group: FixtureGroup) {
  const db = createSqlJsDriver(new SQL.Database())
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 15),
  )
  const s = group.state
  db.run(
    'INSERT INTO groups (id, name, owner, record, updated_at, epoch, seq, head, epoch_pub, accepted, needs_rekey) ' +
      'VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 1, 0)',
    [s.id, s.name, s.creator, s.updated_at, s.epoch, s.seq, s.head, s.epoch_pub],
  )
  for (const r of group.log)
    db.run('INSERT INTO group_records (group_id, seq, author, record) VALUES (?, ?, ?, ?)', [
      s.id,
      r.record.seq,
      r.record.author,
      encodeCanonical(r),
    ])
  for (const [member, role] of s.members)
    db.run('INSERT INTO group_members (group_id, node_id, role) VALUES (?, ?, ?)', [s.id, member, role])
  return db
}

describe('groups joined before signed accepts existed', () => {
  it('shows their members joined after the upgrade, and only members added later as invited', async () => {
    const group = await groupWith(alice, [
      [bob, 'poster'],
      [carol, 'viewer'],
    ])
    const db = oldDatabase(group)
    expect(schemaVersion(db)).toBe(15)
    const store = openStore(db)
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version)
    const id = group.state.id
    const held = store.getGroup(id)!.state
    // the fold's state is what a fresh fold of the same log says: Bob and Carol never accepted
    expect([...held.pending].sort()).toEqual([bob.nodeId, carol.nodeId].sort())
    const members = [alice.nodeId, bob.nodeId, carol.nodeId, dave.nodeId]
    expect(store.groupMembersSeenJoined(id, members)).toEqual(
      new Set([alice.nodeId, bob.nodeId, carol.nodeId]),
    )

    // Alice adds Dave after the upgrade: he is invited until his accept
    const withDave = await applyBuilt(
      group,
      await buildAdd(alice, held, group.secret, dave.nodeId, 'poster', FIXTURE_NOW + 1),
    )
    store.putGroupRecord(withDave.log.at(-1)!, withDave.state)
    expect(store.groupMembersSeenJoined(id, members).has(dave.nodeId)).toBe(false)
    expect(store.groupMembersSeenJoined(id, members).has(bob.nodeId)).toBe(true)
    const accepted = await applyBuilt(withDave, await buildAccept(dave, withDave.state, FIXTURE_NOW + 2))
    store.putGroupRecord(accepted.log.at(-1)!, accepted.state)
    expect(store.getGroup(id)!.state.pending.has(dave.nodeId)).toBe(false)

    // Carol removed and added again: a new invitation, invited until she accepts
    let g = await applyBuilt(
      accepted,
      await buildRemove(alice, accepted.state, carol.nodeId, FIXTURE_NOW + 3),
    )
    store.putGroupRecord(g.log.at(-1)!, g.state)
    g = await applyBuilt(g, await buildAdd(alice, g.state, g.secret, carol.nodeId, 'viewer', FIXTURE_NOW + 4))
    store.putGroupRecord(g.log.at(-1)!, g.state)
    expect(store.getGroup(id)!.state.pending.has(carol.nodeId)).toBe(true)
    expect(store.groupMembersSeenJoined(id, members).has(carol.nodeId)).toBe(false)
    expect(store.groupMembersSeenJoined(id, members).has(bob.nodeId)).toBe(true)
    // the held state still folds from the log as any node's would
    let fresh: GroupState | undefined
    for (const r of store.groupLog(id)) fresh = applyGroupRecord(fresh, r as never)
    expect(fresh?.head).toBe(store.getGroup(id)!.state.head)
    store.deleteGroup(id)
    expect(db.get('SELECT count(*) AS n FROM group_members_before_accepts')).toEqual({ n: 0 })
  })
})
