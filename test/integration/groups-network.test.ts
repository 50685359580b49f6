import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GroupId } from '../../src/core/model/types.ts'
import { onboardedUser } from './anchored-users.ts'
import { connect, feedTexts, groupOn, idOf } from './group-peers.ts'
import { eventually, type TestUser } from './node-harness.ts'

const users: TestUser[] = []
let alice: TestUser
let bob: TestUser
let carol: TestUser

async function user(name: string): Promise<TestUser> {
  // maintenance once a minute: within the test only notices and the pulls they start bring news
  const u = await onboardedUser(
    name,
    [],
    { maintainEveryMs: 60_000, listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    users,
  )
  await eventually(
    () => u.service.network() !== undefined && u.service.network()!.libp2p.getMultiaddrs().length > 0,
  )
  return u
}

beforeAll(async () => {
  alice = await user('AliceG')
  bob = await user('BobG')
  carol = await user('CarolG')
  await connect(alice, bob)
  await connect(alice, carol)
  await connect(bob, carol)
  // let the pulls that identify starts finish
  await new Promise((r) => setTimeout(r, 1000))
})

afterAll(async () => {
  await Promise.allSettled(users.map((u) => u.stop()))
})

describe('a group over real nodes', () => {
  let group: GroupId

  it('delivers invitations to the invitees, who accept them on their own nodes', async () => {
    group = (await alice.call('groups.create', { name: 'Climbing' })).id
    await alice.call('groups.invite', { id: group, target: idOf(bob), role: 'poster' })
    const { connect: carolsString } = await carol.call('profile.connectString', {})
    await alice.call('groups.invite', { id: group, target: carolsString, role: 'viewer' })
    await eventually(async () => (await groupOn(bob, group)) !== undefined, 10_000)
    await eventually(async () => (await groupOn(carol, group))?.members.length === 3, 10_000)
    expect((await groupOn(bob, group))?.accepted).toBe(false)
    expect(bob.events.some((e) => e.type === 'groups.changed')).toBe(true)
    expect((await bob.call('groups.acceptInvite', { id: group })).my_role).toBe('poster')
    expect((await carol.call('groups.acceptInvite', { id: group })).my_role).toBe('viewer')
    // both signed accepts reach Alice (and one head everywhere) before she changes the group again
    const heads = () => [alice, bob, carol].map((u) => u.store.getGroup(group)?.state.head)
    await eventually(
      () => new Set(heads()).size === 1 && alice.store.getGroup(group)?.state.pending.size === 0,
      20_000,
    )
  })

  it("brings a Poster's post to the others; a Viewer cannot post", async () => {
    await bob.call('post.create', {
      content: 'crag at 9',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await eventually(async () => (await feedTexts(alice, group)).includes('crag at 9'), 10_000)
    await eventually(async () => (await feedTexts(carol, group)).includes('crag at 9'), 10_000)
    await expect(
      carol.call('post.create', { content: 'me too', intent: { type: 'group', id: group }, attachments: [] }),
    ).rejects.toMatchObject({ name: 'GroupRoleError' })
  })

  it('after Carol is removed, the next post of the new epoch reaches Bob and never Carol', async () => {
    const removed = await alice.call('groups.removeMember', { id: group, member: idOf(carol) })
    expect(removed.epoch).toBe(1)
    await eventually(async () => (await groupOn(bob, group))?.epoch === 1, 10_000)
    const view = await bob.call('post.create', {
      content: 'new epoch, no Carol',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await eventually(async () => (await feedTexts(alice, group)).includes('new epoch, no Carol'), 10_000)
    // Carol pulls from both of them meanwhile (a notice-free sync now): still nothing of epoch 1
    await carol.service.network()!.syncNow()
    await new Promise((r) => setTimeout(r, 1000))
    expect(carol.store.getPost(view.id)).toBeUndefined()
    const epochs = carol.store.db.all<{ n: number }>('SELECT count(*) AS n FROM posts WHERE group_id = ?', [
      group,
    ])
    expect(epochs[0]?.n).toBe(1)
    // Carol's copy of the log ends at the remove naming her (she learns she was removed): it holds
    // no copy of the new epoch's key for her, and nothing after the removal
    const held = carol.store.getGroup(group)?.state
    expect(held?.members.has(idOf(carol))).toBe(false)
    expect(carol.store.groupLog(group).at(-1)?.record).toMatchObject({ op: 'remove', member: idOf(carol) })
  })

  it("rekeys by itself after a member leaves: Alice's node starts the next epoch for who stays", async () => {
    const dave = await user('DaveG')
    await connect(alice, dave)
    await connect(bob, dave)
    await alice.call('groups.invite', { id: group, target: idOf(dave), role: 'viewer' })
    await eventually(async () => (await groupOn(dave, group)) !== undefined, 10_000)
    await eventually(async () => (await groupOn(bob, group))?.members.length === 3, 10_000)
    await bob.call('groups.leave', { id: group })
    await eventually(async () => {
      const g = await groupOn(alice, group)
      return g?.epoch === 2 && !g.needs_rekey
    }, 10_000)
    const seen = await groupOn(alice, group)
    expect(seen?.members.map((m) => m.node_id).sort()).toEqual([idOf(alice), idOf(dave)].sort())
    await eventually(async () => (await groupOn(dave, group))?.epoch === 2, 10_000)
  })
})
