import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GroupView } from '../../src/core/api/index.ts'
import { connect, feedTexts, groupOn, idOf } from './group-peers.ts'
import { eventually, startUser, type TestUser } from './node-harness.ts'

const users: TestUser[] = []
let alice: TestUser
let bob: TestUser
let carol: TestUser
let dave: TestUser

async function user(name: string): Promise<TestUser> {
  const u = await startUser(name, [], { maintainEveryMs: 60_000, listen: ['/ip4/127.0.0.1/tcp/0/ws'] })
  users.push(u)
  await u.call('identity.create', { display_name: name, bio: '' })
  await eventually(
    () => u.service.network() !== undefined && u.service.network()!.libp2p.getMultiaddrs().length > 0,
  )
  return u
}

const memberIds = (g: GroupView | undefined) => (g?.members.map((m) => m.node_id) ?? []).sort()

beforeAll(async () => {
  alice = await user('AliceF')
  bob = await user('BobF')
  carol = await user('CarolF')
  dave = await user('DaveF')
  for (const [a, b] of [
    [alice, bob],
    [alice, carol],
    [alice, dave],
    [bob, carol],
    [bob, dave],
    [carol, dave],
  ] as const)
    await connect(a, b)
  await new Promise((r) => setTimeout(r, 1000))
})

afterAll(async () => {
  await Promise.allSettled(users.map((u) => u.stop()))
})

describe('two admins changing a group at the same moment', () => {
  it('converge on one log, Dave in and Carol out, and everyone left reads the next post', async () => {
    const group = (await alice.call('groups.create', { name: 'Fork' })).id
    await alice.call('groups.invite', { id: group, target: idOf(bob), role: 'admin' })
    await alice.call('groups.invite', { id: group, target: idOf(carol), role: 'poster' })
    await eventually(async () => (await groupOn(bob, group))?.members.length === 3, 15_000)
    await eventually(async () => (await groupOn(carol, group))?.members.length === 3, 15_000)
    await bob.call('groups.acceptInvite', { id: group })
    await carol.call('groups.acceptInvite', { id: group })
    // both signed accepts reach everyone (settled by the fork order if they crossed): one head
    const heads = () => [alice, bob, carol].map((u) => u.store.getGroup(group)?.state.head)
    await eventually(
      () => new Set(heads()).size === 1 && alice.store.getGroup(group)?.state.pending.size === 0,
      30_000,
    )
    const before = (await groupOn(alice, group))?.epoch

    // the same moment: both sign on the same head before either hears of the other
    await Promise.all([
      alice.call('groups.invite', { id: group, target: idOf(dave), role: 'poster' }),
      bob.call('groups.removeMember', { id: group, member: idOf(carol) }),
    ])
    const forked = [alice, bob].map((u) => u.store.groupLog(group).at(-1)?.record.seq)
    expect(forked[0]).toBe(forked[1])

    const want = [idOf(alice), idOf(bob), idOf(dave)].sort()
    const settled = async () => {
      const views = await Promise.all([alice, bob, dave].map((u) => groupOn(u, group)))
      const heads = [alice, bob, dave].map((u) => u.store.getGroup(group)?.state.head)
      return (
        views.every((v) => JSON.stringify(memberIds(v)) === JSON.stringify(want)) &&
        new Set(heads).size === 1 &&
        new Set(views.map((v) => v?.epoch)).size === 1
      )
    }
    await eventually(settled, 30_000)
    const epoch = (await groupOn(alice, group))?.epoch ?? 0
    expect(epoch).toBeGreaterThan(before ?? 0)
    // the three logs are one, record by record
    const logs = [alice, bob, dave].map((u) => JSON.stringify(u.store.groupLog(group)))
    expect(new Set(logs).size).toBe(1)

    await dave.call('groups.acceptInvite', { id: group })
    const post = await alice.call('post.create', {
      content: 'after the fork',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await eventually(async () => (await feedTexts(bob, group)).includes('after the fork'), 15_000)
    await eventually(async () => (await feedTexts(dave, group)).includes('after the fork'), 15_000)
    const bobs = await bob.call('post.create', {
      content: 'Bob reads and writes on the one key',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await eventually(
      async () => (await feedTexts(dave, group)).includes('Bob reads and writes on the one key'),
      15_000,
    )
    await carol.service.network()!.syncNow()
    await new Promise((r) => setTimeout(r, 1000))
    expect(carol.store.getPost(post.id)).toBeUndefined()
    expect(carol.store.getPost(bobs.id)).toBeUndefined()
  }, 120_000)
})
