/**
 * A group post's badge name (issue 14): the view carries the group's name from the viewer's own
 * group state — never from the post or a peer's unaccepted log — and drops it once the viewer no
 * longer holds the group. Real SQLite stores; records and posts handed over as a sync would.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupId, PostId, SignedPost } from '../model/types.ts'
import { acceptGroupRecords, groupKeyring } from './group-service.ts'
import { nodeVerifier } from './node-sync.ts'
import { toPostView } from './post-view.ts'
import { readPost } from './reading.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000
const startNode = (name: string) => offlinePerson(SQL, name, { clock: { now: () => now } })
const idOf = (n: OfflinePerson) => n.node.context.identity!.nodeId

async function syncRecords(from: OfflinePerson, to: OfflinePerson, group: GroupId): Promise<void> {
  const seq = to.store.getGroup(group)?.state.seq ?? -1
  await acceptGroupRecords(to.node.context, from.store.groupLog(group, seq))
}

async function receive(to: OfflinePerson, post: SignedPost): Promise<void> {
  const ctx = to.node.context
  const verified = await nodeVerifier(ctx).verifyPost(post, now)
  const local = await readPost(verified, ctx.identity!, (g, e) => groupKeyring(ctx).secrets(g, e))
  to.store.putPost(verified, local)
}

async function groupPost(by: OfflinePerson, group: GroupId, content: string): Promise<SignedPost> {
  now += 1000
  const view = await by.node.handlers['post.create']({
    content,
    intent: { type: 'group', id: group },
    attachments: [],
  })
  return by.store.getPost(view.id)!.signed
}

async function homeAudience(n: OfflinePerson, id: PostId) {
  const page = await n.node.handlers['feed.page']({ query: { type: 'home' }, limit: 20 })
  return page.posts.find((p) => p.id === id)?.audience
}

let alice: OfflinePerson
let bob: OfflinePerson
let group: GroupId

beforeEach(async () => {
  alice = await startNode('Alice')
  bob = await startNode('Bob')
  group = (await alice.node.handlers['groups.create']({ name: 'Book club' })).id
  now += 1000
  await alice.node.handlers['groups.invite']({ id: group, target: idOf(bob), role: 'poster' })
  await syncRecords(alice, bob, group)
  await bob.node.handlers['groups.acceptInvite']({ id: group })
  await syncRecords(bob, alice, group)
  await alice.node.handlers['follow.add']({ target: idOf(bob) })
  await bob.node.handlers['follow.add']({ target: idOf(alice) })
})

describe('a group post view names the group from local state', () => {
  it("shows the group's name in the author's and a member's main feed", async () => {
    const post = await groupPost(bob, group, 'chapter 3 tonight')
    await receive(alice, post)
    expect(await homeAudience(bob, post.id)).toEqual({ type: 'group', id: group, name: 'Book club' })
    expect(await homeAudience(alice, post.id)).toEqual({ type: 'group', id: group, name: 'Book club' })
  })

  it('takes no name from the post or from a group the viewer never accepted', async () => {
    const post = await groupPost(bob, group, 'hi')
    await receive(alice, post)
    const stored = { ...alice.store.getPost(post.id)!, plaintext: null }
    // a name smuggled into the post's visibility is not where the view reads it from
    const smuggled = { ...stored, signed: { ...post, visibility: { ...post.visibility, name: 'Pay here' } } }
    const identity = alice.node.context.identity!
    expect(toPostView(smuggled as never, identity, null, alice.store).audience).toEqual({
      type: 'group',
      id: group,
      name: 'Book club',
    })
    // a peer's group Alice holds only as an invitation: its creator chose the name, Alice did not accept
    const mallory = await startNode('Mallory')
    const bait = (await mallory.node.handlers['groups.create']({ name: 'Bank support' })).id
    now += 1000
    await mallory.node.handlers['groups.invite']({ id: bait, target: idOf(alice), role: 'poster' })
    await syncRecords(mallory, alice, bait)
    expect(alice.store.getGroup(bait)?.accepted).toBe(false)
    const baitPost = await groupPost(mallory, bait, 'verify your account')
    const baitStored = { ...stored, signed: baitPost }
    expect(toPostView(baitStored, identity, null, alice.store).audience).toEqual({ type: 'group', id: bait })
  })

  it('drops the name once the viewer is removed from the group', async () => {
    const post = await groupPost(alice, group, 'before')
    await receive(bob, post)
    expect(await homeAudience(bob, post.id)).toEqual({ type: 'group', id: group, name: 'Book club' })
    now += 1000
    await alice.node.handlers['groups.removeMember']({ id: group, member: idOf(bob) })
    await syncRecords(alice, bob, group)
    expect(bob.store.getGroup(group)?.state.members.has(idOf(bob))).toBe(false)
    expect(await homeAudience(bob, post.id)).toEqual({ type: 'group', id: group })
  })
})
