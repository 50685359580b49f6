/**
 * A group change built while another record lands (issue 14): Alice removes Carol at the very moment
 * Bob's signed accept arrives. Real SQLite stores and the real node service; the accept is written
 * right after Alice's service read the head it builds on (the store's read is wrapped to do so), as
 * a sync landing mid-build would. The change is built again on the new head, a bounded few times.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { applyGroupRecord, type GroupRecord, type GroupState, verifyGroupRecord } from '../groups/index.ts'
import type { GroupId, Signed } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import { acceptGroupRecords, GROUP_CHANGE_ATTEMPTS } from './group-service.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000
const clock = { now: () => now }

const idOf = (n: OfflinePerson) => n.node.context.identity!.nodeId

async function syncRecords(from: OfflinePerson, to: OfflinePerson, group: GroupId): Promise<void> {
  const seq = to.store.getGroup(group)?.state.seq ?? -1
  await acceptGroupRecords(to.node.context, from.store.groupLog(group, seq))
}

/**
 * Makes Alice's store write `landing[i]` (verified records of `group`, each on the head before it)
 * between her i-th build of a change and its fold: the build reads the clock, and the next read of
 * the group (the fold's) finds the record landed — as a sync writing meanwhile would.
 */
function landWhileBuilding(store: Store, group: GroupId, landing: Signed<GroupRecord>[]): void {
  const read = store.getGroup.bind(store)
  let armed = false
  aliceClock.now = () => {
    armed = landing.length > 0
    return now
  }
  store.getGroup = (id) => {
    const next = armed && id === group ? landing.shift() : undefined
    armed = false
    const held = read(id)
    if (next === undefined || held === undefined) return held
    store.putGroupRecord(next, applyGroupRecord(held.state, next as never))
    return read(id)
  }
}

const aliceClock = { now: () => now }

let alice: OfflinePerson
let invitees: OfflinePerson[]
let group: GroupId
/** Each invitee's signed accept, not yet at Alice's. */
let accepts: Signed<GroupRecord>[]

beforeEach(async () => {
  aliceClock.now = () => now
  alice = await offlinePerson(SQL, 'Alice', { clock: aliceClock })
  invitees = [
    await offlinePerson(SQL, 'Bob', { clock }),
    await offlinePerson(SQL, 'Carol', { clock }),
    await offlinePerson(SQL, 'Dave', { clock }),
    await offlinePerson(SQL, 'Erin', { clock }),
  ]
  group = (await alice.call('groups.create', { name: 'Race' })).id
  for (const n of invitees) {
    now += 1000
    await alice.call('groups.invite', { id: group, target: idOf(n), role: 'poster' })
  }
  accepts = []
  // each accepts in turn on the log before it (no fork among them), none of it reaches Alice yet
  let log = alice.store.groupLog(group)
  for (const n of invitees.slice(0, 3)) {
    await acceptGroupRecords(n.node.context, log)
    await n.call('groups.acceptInvite', { id: group })
    const mine = n.store.groupLog(group).at(-1)!
    accepts.push(await verifyGroupRecord(mine, now))
    log = n.store.groupLog(group)
    for (const m of invitees)
      if (m !== n && m.store.getGroup(group) !== undefined) await syncRecords(n, m, group)
  }
})

describe('a group change built while another record lands', () => {
  it("is built again on the new head: Alice's removal of Erin follows Bob's accept", async () => {
    const seqBefore = alice.store.getGroup(group)!.state.seq
    landWhileBuilding(alice.store, group, accepts.slice(0, 1))
    now += 1000
    const view = await alice.call('groups.removeMember', { id: group, member: idOf(invitees[3]!) })
    expect(view.members.map((m) => m.node_id)).not.toContain(idOf(invitees[3]!))
    const log = alice.store.groupLog(group)
    expect(log.slice(seqBefore + 1).map((r) => [r.record.op, r.record.author])).toEqual([
      ['accept', idOf(invitees[0]!)],
      ['remove', idOf(alice)],
    ])
    expect(view.members.find((m) => m.node_id === idOf(invitees[0]!))?.joined).toBe(true)
    // the log any peer takes folds from its create record: the removal on top of the accept, a new epoch
    let state: GroupState | undefined
    for (const r of log) state = applyGroupRecord(state, await verifyGroupRecord(r, now))
    expect(state?.head).toBe(alice.store.getGroup(group)?.state.head)
    expect(state?.epoch).toBe(1)
    expect(state?.pending.has(idOf(invitees[0]!))).toBe(false)
  })

  it(`gives up after ${GROUP_CHANGE_ATTEMPTS} builds while records keep landing, writing nothing of the change`, async () => {
    landWhileBuilding(alice.store, group, accepts.slice(0, GROUP_CHANGE_ATTEMPTS))
    now += 1000
    await expect(
      alice.call('groups.removeMember', { id: group, member: idOf(invitees[3]!) }),
    ).rejects.toMatchObject({ name: 'GroupConflictError' })
    const log = alice.store.groupLog(group)
    expect(log.filter((r) => r.record.op === 'remove')).toEqual([])
    expect(log.filter((r) => r.record.op === 'accept')).toHaveLength(GROUP_CHANGE_ATTEMPTS)
    // the head settled: the same change now goes through at once
    const view = await alice.call('groups.removeMember', { id: group, member: idOf(invitees[3]!) })
    expect(view.epoch).toBe(1)
  })
})
