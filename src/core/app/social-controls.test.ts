/**
 * Issue 16's "controls that do what they say" and mute/block, offline: two real node services on
 * sql.js; what one writes reaches the other through the sync store the network uses.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { formatConnectString } from './connect-string.ts'
import { syncWants } from './sync-wants.ts'
import {
  deliverPost,
  type OfflinePerson,
  offlinePerson,
  TEST_BOOTSTRAP,
} from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const BOOT = TEST_BOOTSTRAP.anchors[0]
const DEFAULT = TEST_BOOTSTRAP.defaultAnchor

type Person = OfflinePerson

const person = (name: string): Promise<Person> => offlinePerson(SQL, name, { bootstrap: TEST_BOOTSTRAP })
const deliver = deliverPost

let alice: Person
let bob: Person
let carol: Person

beforeEach(async () => {
  alice = await person('Alice')
  bob = await person('Bob')
  carol = await person('Carol')
})

describe('controls that do what they say', () => {
  it('Accept on a message request follows the sender', async () => {
    const dm = await carol.node.handlers['messages.send']({ to: alice.id, content: 'hi, we have not met' })
    await deliver(carol, alice, dm.id)
    expect((await alice.node.handlers['messages.threads']({}))[0]).toMatchObject({ is_request: true })
    await alice.node.handlers['messages.accept']({ peer: carol.id })
    expect(alice.store.isFollowing(carol.id)).toBe(true)
    expect((await alice.node.handlers['messages.threads']({}))[0]).toMatchObject({ is_request: false })
  })

  it('New message takes a connect string and remembers its anchors', async () => {
    const connect = formatConnectString(bob.id, [BOOT])
    const sent = await alice.node.handlers['messages.send']({ to: connect, content: 'hello Bob' })
    expect(sent.audience).toEqual({ type: 'direct', recipients: expect.arrayContaining([bob.id]) })
    expect(alice.store.getSocialRoute(bob.id)?.addresses).toEqual([BOOT])
    await expect(
      alice.node.handlers['messages.send']({ to: 'distsoc:not-an-id', content: 'x' }),
    ).rejects.toMatchObject({ name: 'InvalidNodeIdError' })
  })

  it('a bootstrap.json anchor cannot be removed but can be disabled and enabled again', async () => {
    const list = await alice.node.handlers['anchors.list']({})
    expect(list.map((a) => [a.addr, a.source])).toEqual([
      [BOOT, 'bootstrap'],
      [DEFAULT, 'default'],
    ])
    await expect(alice.node.handlers['anchors.remove']({ addr: BOOT })).rejects.toMatchObject({
      name: 'ValidationError',
    })
    const off = await alice.node.handlers['anchors.setEnabled']({ addr: BOOT, enabled: false })
    expect(off.find((a) => a.addr === BOOT)?.enabled).toBe(false)
    const on = await alice.node.handlers['anchors.setEnabled']({ addr: BOOT, enabled: true })
    expect(on.find((a) => a.addr === BOOT)?.enabled).toBe(true)
    await expect(
      alice.node.handlers['anchors.setEnabled']({ addr: `${BOOT}x`, enabled: false }),
    ).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('a circle post shows one label to author and recipient, and the author sees the renamed circle', async () => {
    await alice.node.handlers['circles.create']({ name: 'close', members: [bob.id] })
    const post = await alice.node.handlers['post.create']({
      content: 'circle only',
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
    await alice.node.handlers['follow.add']({ target: bob.id })
    await bob.node.handlers['follow.add']({ target: alice.id })
    await deliver(alice, bob, post.id)
    await alice.node.handlers['circles.rename']({ name: 'close', new_name: 'inner' })
    const own = (await alice.node.handlers['feed.page']({ query: { type: 'mine' }, limit: 10 })).posts[0]
    const seen = (await bob.node.handlers['feed.page']({ query: { type: 'home' }, limit: 10 })).posts[0]
    expect(own?.audience).toEqual(seen?.audience)
    expect(own?.sent_to).toBe('inner')
    expect(seen?.sent_to).toBeUndefined()
    expect(seen?.content).toBe('circle only')
  })

  it('asks for a stranger who wrote in sync until their profile is held', async () => {
    const dm = await carol.node.handlers['messages.send']({ to: alice.id, content: 'hello' })
    await deliver(carol, alice, dm.id)
    expect(syncWants(alice.node.context, alice.id)).toContain(carol.id)
  })
})

describe('mute and block', () => {
  beforeEach(async () => {
    await alice.node.handlers['follow.add']({ target: bob.id })
    await alice.node.handlers['follow.add']({ target: carol.id })
  })

  it('a muted author leaves the feeds and comes back when unmuted', async () => {
    const post = await bob.node.handlers['post.create']({
      content: 'from Bob',
      intent: { type: 'public' },
      attachments: [],
    })
    await deliver(bob, alice, post.id)
    const home = async () =>
      (await alice.node.handlers['feed.page']({ query: { type: 'home' }, limit: 10 })).posts.map(
        (p) => p.content,
      )
    expect(await home()).toContain('from Bob')
    const view = await alice.node.handlers['people.moderate']({ node_id: bob.id, level: 'muted' })
    expect(view.moderation).toBe('muted')
    expect(await home()).not.toContain('from Bob')
    const custom = await alice.node.handlers['feed.page']({
      query: { type: 'custom', feed: { text: 'bob' } },
      limit: 10,
    })
    expect(custom.posts).toEqual([])
    expect((await alice.node.handlers['people.moderated']({})).map((p) => p.node_id)).toEqual([bob.id])
    await alice.node.handlers['people.moderate']({ node_id: bob.id, level: 'none' })
    expect(await home()).toContain('from Bob')
  })

  it('a blocked author is unfollowed, never wanted in sync, and their DMs are refused on arrival', async () => {
    const first = await carol.node.handlers['messages.send']({ to: alice.id, content: 'before the block' })
    await deliver(carol, alice, first.id)
    await alice.node.handlers['people.moderate']({ node_id: carol.id, level: 'blocked' })
    expect(alice.store.isFollowing(carol.id)).toBe(false)
    expect(syncWants(alice.node.context, alice.id)).not.toContain(carol.id)
    expect(await alice.node.handlers['messages.threads']({})).toEqual([])
    const next = await carol.node.handlers['messages.send']({ to: alice.id, content: 'after the block' })
    await deliver(carol, alice, next.id)
    expect(alice.store.hasPost(next.id)).toBe(false)
    const thread = await alice.node.handlers['feed.page']({
      query: { type: 'thread', peer: carol.id },
      limit: 10,
    })
    expect(thread.posts).toEqual([])
  })

  it('refuses to mute or block oneself, writing nothing', async () => {
    await expect(
      alice.node.handlers['people.moderate']({ node_id: alice.id, level: 'blocked' }),
    ).rejects.toMatchObject({ name: 'ValidationError' })
    expect(await alice.node.handlers['people.moderated']({})).toEqual([])
  })
})

describe('mutes and blocks in the data export', () => {
  it('travel with the export and come back on import', async () => {
    await alice.node.handlers['people.moderate']({ node_id: bob.id, level: 'muted' })
    await alice.node.handlers['people.moderate']({ node_id: carol.id, level: 'blocked' })
    const { file } = await alice.node.handlers['data.export']({})
    const other = await person('Dave')
    await other.node.handlers['data.import']({ file })
    const listed = await other.node.handlers['people.moderated']({})
    expect(listed.map((p) => [p.node_id, p.moderation])).toEqual([
      [carol.id, 'blocked'],
      [bob.id, 'muted'],
    ])
  })
})

describe('search', () => {
  beforeEach(async () => {
    await alice.node.handlers['follow.add']({ target: bob.id })
  })

  it('finds a post by a word prefix, case and accents folded, with the hit marked', async () => {
    const post = await bob.node.handlers['post.create']({
      content: 'Coffee at the Café Élite tomorrow',
      intent: { type: 'public' },
      attachments: [],
    })
    await deliver(bob, alice, post.id)
    const found = await alice.node.handlers['search.query']({ text: 'cafe', limit: 10 })
    expect(found.posts.map((r) => r.post.id)).toEqual([post.id])
    expect(found.posts[0]?.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['Café'])
    expect(
      (await alice.node.handlers['search.query']({ text: 'elit tomorr', limit: 10 })).posts,
    ).toHaveLength(1)
    expect((await alice.node.handlers['search.query']({ text: 'tea', limit: 10 })).posts).toEqual([])
  })

  it('finds a word of a direct message and a person by name, never FTS syntax', async () => {
    const dm = await bob.node.handlers['messages.send']({
      to: alice.id,
      content: 'The password is marmalade',
    })
    await deliver(bob, alice, dm.id)
    const found = await alice.node.handlers['search.query']({ text: 'Marmalade', limit: 10 })
    expect(found.messages.map((m) => [m.peer, m.post.id])).toEqual([[bob.id, dm.id]])
    expect(found.messages[0]?.snippet.find((p) => p.hit)?.text).toBe('marmalade')
    expect(found.posts).toEqual([])
    const evil = await alice.node.handlers['search.query']({ text: '" OR * NEAR( -', limit: 10 })
    expect(evil).toEqual({ posts: [], people: [], messages: [] })
  })

  it('leaves out a blocked person’s messages and a muted person’s posts', async () => {
    const post = await bob.node.handlers['post.create']({
      content: 'zebra crossing',
      intent: { type: 'public' },
      attachments: [],
    })
    await deliver(bob, alice, post.id)
    await alice.node.handlers['people.moderate']({ node_id: bob.id, level: 'muted' })
    expect((await alice.node.handlers['search.query']({ text: 'zebra', limit: 10 })).posts).toEqual([])
  })
})
