/**
 * Groups through the node service offline (issue 14): three nodes with real SQLite stores; the
 * records and posts a sync would carry are handed over by hand, through the same checks a sync
 * runs (acceptGroupRecord, the node verifier), so every refusal is typed and writes nothing.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { buildRemove } from '../groups/index.ts'
import type { GroupId, SignedPost } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import { acceptGroupRecord, acceptGroupRecords, groupKeyring } from './group-service.ts'
import { openLocalText } from './local-text.ts'
import { nodeVerifier } from './node-sync.ts'
import { readPost } from './reading.ts'
import { handSealedGroupPost } from './test-support/hand-sealed-group-post.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000

type TestNode = OfflinePerson

const startNode = (name: string) => offlinePerson(SQL, name, { clock: { now: () => now } })

function dump(s: Store): string {
  const tables = s.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return JSON.stringify(tables.map(({ name }) => [name, s.db.all(`SELECT * FROM "${name}"`)]))
}

const idOf = (n: TestNode) => n.node.context.identity!.nodeId

/** Hands `to` every record of `group` it lacks, as a group sync would. */
async function syncRecords(from: TestNode, to: TestNode, group: GroupId): Promise<void> {
  const seq = to.store.getGroup(group)?.state.seq ?? -1
  await acceptGroupRecords(to.node.context, from.store.groupLog(group, seq))
}

/** Takes a post as a sync would: the node verifier, then the store with what this node can read. */
async function receive(to: TestNode, post: SignedPost): Promise<void> {
  const ctx = to.node.context
  const verified = await nodeVerifier(ctx).verifyPost(post, now)
  const identity = ctx.identity!
  const local = await readPost(verified, identity, (g, e) => groupKeyring(ctx).secrets(g, e))
  to.store.putPost(verified, local)
}

function textAt(n: TestNode, id: string): string | null {
  const stored = n.store.getPost(id as never)
  return stored === undefined ? null : openLocalText(n.node.context.identity!, stored.plaintext)
}

let alice: TestNode
let bob: TestNode
let carol: TestNode
let group: GroupId

beforeEach(async () => {
  alice = await startNode('Alice')
  bob = await startNode('Bob')
  carol = await startNode('Carol')
  const created = await alice.node.handlers['groups.create']({ name: 'Climbing' })
  group = created.id
  now += 1000
  await alice.node.handlers['groups.invite']({ id: group, target: idOf(bob), role: 'poster' })
  await alice.node.handlers['groups.invite']({ id: group, target: idOf(carol), role: 'viewer' })
  for (const n of [bob, carol]) {
    await syncRecords(alice, n, group)
    await n.node.handlers['groups.acceptInvite']({ id: group })
    // the signed accept goes back to the inviter before the next invitee accepts (one log, no fork)
    await syncRecords(n, alice, group)
  }
})

describe('groups through the node service', () => {
  it('shows members, roles and my role on every node', async () => {
    const seen = await carol.node.handlers['groups.get']({ id: group })
    expect(seen.name).toBe('Climbing')
    expect(seen.my_role).toBe('viewer')
    expect(seen.accepted).toBe(true)
    expect(new Map(seen.members.map((m) => [m.node_id, m.role]))).toEqual(
      new Map([
        [idOf(alice), 'admin'],
        [idOf(bob), 'poster'],
        [idOf(carol), 'viewer'],
      ]),
    )
    expect((await alice.node.handlers['groups.list']({})).map((g) => g.id)).toEqual([group])
  })

  it('tells each member what their role lets them do and whom they may remove', async () => {
    const asAlice = await alice.node.handlers['groups.get']({ id: group })
    expect(asAlice.can).toEqual(['post', 'add', 'remove', 'set-role', 'rekey', 'delete-others'])
    expect(
      asAlice.members
        .filter((m) => m.removable)
        .map((m) => m.node_id)
        .sort(),
    ).toEqual([idOf(bob), idOf(carol)].sort())
    const asBob = await bob.node.handlers['groups.get']({ id: group })
    expect(asBob.can).toEqual(['post'])
    expect(asBob.members.some((m) => m.removable)).toBe(false)
    expect((await carol.node.handlers['groups.get']({ id: group })).can).toEqual([])
  })

  it("delivers a Poster's group post to every member, wrapped once", async () => {
    now += 1000
    const view = await bob.node.handlers['post.create']({
      content: 'crag at 9',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    const post = bob.store.getPost(view.id)!.signed
    expect(post.visibility.type).toBe('group')
    await receive(alice, post)
    await receive(carol, post)
    expect(textAt(alice, view.id)).toBe('crag at 9')
    expect(textAt(carol, view.id)).toBe('crag at 9')
    expect(
      (await alice.node.handlers['groups.feed']({ id: group, limit: 10 })).posts.map((p) => p.id),
    ).toEqual([view.id])
  })

  it('shows a member invited again as invited, whatever they signed or posted before, until a post of theirs after the new add', async () => {
    const bobOnAlice = async () =>
      (await alice.node.handlers['groups.get']({ id: group })).members.find((m) => m.node_id === idOf(bob))
    now += 1000
    const before = await bob.node.handlers['post.create']({
      content: 'first time round',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await receive(alice, bob.store.getPost(before.id)!.signed)
    expect((await bobOnAlice())?.joined).toBe(true)
    now += 1000
    await alice.node.handlers['groups.removeMember']({ id: group, member: idOf(bob) })
    now += 1000
    await alice.node.handlers['groups.invite']({ id: group, target: idOf(bob), role: 'poster' })
    // his accept and his post are from before the removal: invited again, not joined
    expect((await bobOnAlice())?.joined).toBe(false)
    // a post of his sealed for the new epoch after the new add is proof he is in
    now += 1000
    const state = alice.store.getGroup(group)!.state
    const after = await handSealedGroupPost(bob.node.context.identity!, group, state, 'back again', now)
    await receive(alice, after)
    expect((await bobOnAlice())?.joined).toBe(true)
  })

  it("refuses a Viewer's post locally and on every other node, writing nothing", async () => {
    await expect(
      carol.node.handlers['post.create']({
        content: 'hi',
        intent: { type: 'group', id: group },
        attachments: [],
      }),
    ).rejects.toMatchObject({ name: 'GroupRoleError' })
    const state = carol.store.getGroup(group)!.state
    const forged = await handSealedGroupPost(carol.node.context.identity!, group, state, 'sneaky', now)
    const before = dump(alice.store)
    await expect(receive(alice, forged)).rejects.toMatchObject({ name: 'GroupRoleError' })
    expect(dump(alice.store)).toBe(before)
  })

  it('refuses a removal signed by a Poster, writing nothing', async () => {
    const state = alice.store.getGroup(group)!.state
    const built = await buildRemove(bob.node.context.identity!, state, idOf(carol), now)
    const before = dump(alice.store)
    await expect(acceptGroupRecord(alice.node.context, built.signed)).rejects.toMatchObject({
      name: 'GroupRoleError',
    })
    expect(dump(alice.store)).toBe(before)
  })

  it('starts a new epoch on removal: the next post reaches Bob and never opens for Carol', async () => {
    now += 1000
    const removed = await alice.node.handlers['groups.removeMember']({ id: group, member: idOf(carol) })
    expect(removed.epoch).toBe(1)
    expect(removed.members.map((m) => m.node_id)).not.toContain(idOf(carol))
    await syncRecords(alice, bob, group)
    await syncRecords(alice, carol, group)
    expect((await carol.node.handlers['groups.get']({ id: group })).my_role).toBeNull()
    expect(await groupKeyring(carol.node.context).secret(group, 1)).toBeUndefined()
    now += 1000
    const view = await alice.node.handlers['post.create']({
      content: 'new epoch',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    const post = alice.store.getPost(view.id)!.signed
    expect(post.visibility).toMatchObject({ type: 'group', epoch: 1 })
    await receive(bob, post)
    expect(textAt(bob, view.id)).toBe('new epoch')
    // Carol is no member: her node refuses it, and no copy of epoch 1 exists for her.
    await expect(receive(carol, post)).rejects.toMatchObject({ name: 'NotAGroupMemberError' })
    expect(carol.store.getPost(view.id)).toBeUndefined()
  })

  it('re-wraps past posts for the new epoch with the access-list choice', async () => {
    now += 1000
    const old = await alice.node.handlers['post.create']({
      content: 'before',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    now += 1000
    const result = await alice.node.handlers['groups.removeMember']({
      id: group,
      member: idOf(carol),
      past: 'access-list',
    })
    expect(result.revocation?.changed).toEqual([old.id])
    expect(alice.store.getPost(old.id)!.signed.visibility).toMatchObject({ type: 'group', epoch: 1 })
  })

  it('refuses a replayed record and an invitation to a group after leaving', async () => {
    const first = alice.store.groupLog(group, -1, 1)[0]!
    await expect(acceptGroupRecord(bob.node.context, first)).rejects.toMatchObject({
      name: 'GroupConflictError',
    })
    now += 1000
    const left = await bob.node.handlers['groups.leave']({ id: group })
    expect(left.my_role).toBeNull()
    await expect(
      bob.node.handlers['post.create']({
        content: 'x',
        intent: { type: 'group', id: group },
        attachments: [],
      }),
    ).rejects.toMatchObject({ name: 'NotAGroupMemberError' })
  })
})
