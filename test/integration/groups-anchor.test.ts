/**
 * Issue 14, members who are never online together: real NodeServices (sql.js, libp2p) and a real
 * anchor, no node ever connected to another. Alice invites Bob while Bob is offline and goes
 * offline herself; Bob comes online, gets the invitation from the anchor and accepts it. Bob (a
 * Moderator) then invites Carol while Alice is offline, and Alice, back online, gets Bob's records
 * from the anchor too — his signed accept (her app shows him joined) and his invitation of Carol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningAnchor, startAnchor } from '../../relay-anchor/src/anchor.ts'
import { syncMailbox } from '../../relay-anchor/src/sync-mailbox.ts'
import type { GroupView } from '../../src/core/api/index.ts'
import type { GroupId, NodeId } from '../../src/core/model/index.ts'
import { eventually, startUser, type TestUser } from './node-harness.ts'

let anchor: RunningAnchor
const running = new Set<TestUser>()

async function online(name: string, database?: Uint8Array, maintainEveryMs = 60_000): Promise<TestUser> {
  const checkIns = anchor.metrics.counters.checkIns
  const u = await startUser(name, [anchor.multiaddrs[0]!], {
    maintainEveryMs,
    ...(database === undefined ? {} : { database }),
  })
  running.add(u)
  if (database === undefined) await u.call('identity.create', { display_name: name, bio: '' })
  await eventually(async () => (await u.call('network.connections', {})).length > 0)
  // the anchor has pulled the user's profile (it lists the anchor): from now on a user of it
  await eventually(() => anchor.metrics.counters.checkIns > checkIns, 20_000)
  return u
}

async function offline(u: TestUser): Promise<Uint8Array> {
  const bytes = u.database()
  running.delete(u)
  await u.stop()
  return bytes
}

const groupOn = async (u: TestUser, id: GroupId): Promise<GroupView | undefined> =>
  (await u.call('groups.list', {})).find((g) => g.id === id)

const idOf = async (u: TestUser): Promise<NodeId> => (await u.call('node.status', {})).node_id as NodeId

beforeAll(async () => {
  anchor = await startAnchor({ logLevel: 'error', stun: false, mailbox: syncMailbox({ minIntervalMs: 0 }) })
})

afterAll(async () => {
  await Promise.allSettled([...running].map((u) => u.stop()))
  await anchor.stop()
})

describe('group records through the anchor, for members never online together', () => {
  it('brings an invitation to an invitee who was offline, and the invitee’s own records back', async () => {
    const bob = await online('BobAnchored')
    const bobId = await idOf(bob)
    const { connect: bobsString } = await bob.call('profile.connectString', {})
    const bobDb = await offline(bob)

    const alice = await online('AliceAnchored')
    const aliceId = await idOf(alice)
    const group = (await alice.call('groups.create', { name: 'Night shift' })).id
    await alice.call('groups.invite', { id: group, target: bobsString, role: 'moderator' })
    await eventually(() => (anchor.mailbox.stats().groupRecords ?? 0) >= 2, 15_000)
    const aliceDb = await offline(alice)

    const bobAgain = await online('BobAnchored', bobDb)
    await eventually(async () => (await groupOn(bobAgain, group)) !== undefined, 20_000)
    const invitation = await groupOn(bobAgain, group)
    expect(invitation?.accepted).toBe(false)
    expect(invitation?.members.map((m) => m.node_id).sort()).toEqual([aliceId, bobId].sort())
    const accepted = await bobAgain.call('groups.acceptInvite', { id: group })
    expect(accepted).toMatchObject({ accepted: true, my_role: 'moderator' })

    // Bob's own record (his invitation of Carol) reaches Alice, who is offline now, by the anchor
    const carol = await online('CarolAnchored')
    const carolId = await idOf(carol)
    const { connect: carolsString } = await carol.call('profile.connectString', {})
    await bobAgain.call('groups.invite', { id: group, target: carolsString, role: 'viewer' })
    // create, Alice's add, Bob's accept and Bob's add of Carol
    await eventually(() => (anchor.mailbox.stats().groupRecords ?? 0) >= 4, 15_000)
    await offline(bobAgain)
    await offline(carol)

    const aliceAgain = await online('AliceAnchored', aliceDb)
    await eventually(async () => (await groupOn(aliceAgain, group))?.members.length === 3, 20_000)
    const seen = await groupOn(aliceAgain, group)
    expect(seen?.members.find((m) => m.node_id === carolId)?.role).toBe('viewer')
    expect(seen?.members.find((m) => m.node_id === bobId)?.role).toBe('moderator')
    // Bob's signed accept came by the anchor too: Alice's app shows him joined, Carol only invited
    expect(seen?.members.find((m) => m.node_id === bobId)?.joined).toBe(true)
    expect(seen?.members.find((m) => m.node_id === carolId)?.joined).toBe(false)
    expect(seen?.members.find((m) => m.node_id === aliceId)?.joined).toBe(true)
  }, 90_000)

  it('settles two accepts signed at once through the anchor alone: both members and the inviter hold one log', async () => {
    const bob = await online('BobCrossing')
    const carol = await online('CarolCrossing')
    const [bobId, carolId] = [await idOf(bob), await idOf(carol)]
    const strings = [
      (await bob.call('profile.connectString', {})).connect,
      (await carol.call('profile.connectString', {})).connect,
    ]
    const dbs = [await offline(bob), await offline(carol)]
    const alice = await online('AliceCrossing')
    // counted before the group exists: its records reach the anchor in the background, maybe
    // before the last invite returns
    const before = anchor.mailbox.stats().groupRecords ?? 0
    const group = (await alice.call('groups.create', { name: 'Crossing' })).id
    for (const target of strings) await alice.call('groups.invite', { id: group, target, role: 'poster' })
    await eventually(() => (anchor.mailbox.stats().groupRecords ?? 0) >= before + 3, 30_000)
    const aliceDb = await offline(alice)

    // Bob and Carol, online at once through the anchor only, accept at the same moment
    const [bob2, carol2] = [
      await online('BobCrossing', dbs[0], 1000),
      await online('CarolCrossing', dbs[1], 1000),
    ]
    for (const u of [bob2, carol2])
      await eventually(async () => (await groupOn(u, group)) !== undefined, 20_000)
    await Promise.all([bob2, carol2].map((u) => u.call('groups.acceptInvite', { id: group })))
    const settled = () => {
      const states = [bob2, carol2].map((u) => u.store.getGroup(group)?.state)
      return new Set(states.map((s) => s?.head)).size === 1 && states.every((s) => s?.pending.size === 0)
    }
    await eventually(settled, 30_000)
    const head = bob2.store.getGroup(group)?.state.head
    // both accepts are in the one log, seq 3 and 4 (the one that lost the fork signed again on top)
    const accepts = bob2.store.groupLog(group).filter((r) => r.record.op === 'accept')
    expect(accepts.map((r) => r.record.author).sort()).toEqual([bobId, carolId].sort())
    await eventually(() => anchor.mailbox.stats().groupRecords === before + 5, 30_000)
    await offline(bob2)
    await offline(carol2)

    const alice2 = await online('AliceCrossing', aliceDb)
    await eventually(async () => alice2.store.getGroup(group)?.state.head === head, 20_000)
    const seen = await groupOn(alice2, group)
    expect(seen?.members.every((m) => m.joined)).toBe(true)
    expect(JSON.stringify(alice2.store.groupLog(group))).toBe(JSON.stringify(bob2.store.groupLog(group)))
  }, 120_000)
})
