/**
 * Replies and threads (issue 16) on real node services over sql.js: a reply takes its parent's
 * audience, the thread shows replies of people one follows and counts the others, bad input is refused.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { PostId } from '../model/types.ts'
import { replyNotify } from './replies.ts'
import { strangersWithoutProfile } from './sync-wants.ts'
import {
  deliverPost,
  type OfflinePerson,
  offlinePerson,
  TEST_BOOTSTRAP,
} from './test-support/offline-person.ts'

const SQL = await initSqlJs()
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

const post = (p: Person, content: string, reply_to?: PostId) =>
  p.node.handlers['post.create']({
    content,
    intent: { type: 'public' },
    attachments: [],
    ...(reply_to === undefined ? {} : { reply_to }),
  })

describe('replies', () => {
  it('makes a reply to a public post public and tells the parent’s author directly', async () => {
    const parent = await post(alice, 'hello world')
    await deliver(alice, bob, parent.id)
    const reply = await post(bob, 'hi Alice', parent.id)
    expect(reply.reply_to).toBe(parent.id)
    expect(reply.audience).toEqual({ type: 'public' })
    const signed = bob.store.getPost(reply.id)!.signed
    expect(replyNotify(bob.node.context, signed)).toEqual([alice.id])
  })

  it('encrypts a reply to a circle post to that circle and its author, whatever the composer chose', async () => {
    await alice.node.handlers['circles.create']({ name: 'close', members: [bob.id] })
    const parent = await alice.node.handlers['post.create']({
      content: 'circle only',
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
    await deliver(alice, bob, parent.id)
    const reply = await bob.node.handlers['post.create']({
      content: 'secret answer',
      intent: { type: 'public' },
      attachments: [],
      reply_to: parent.id,
    })
    const signed = bob.store.getPost(reply.id)!.signed
    expect(signed.visibility.type).toBe('encrypted')
    await deliver(bob, alice, reply.id)
    const thread = await alice.node.handlers['post.thread']({ id: parent.id })
    expect(thread.replies.map((r) => r.post.content)).toEqual(['secret answer'])
    // Carol is not in the circle: the reply cannot be read by her
    await expect(deliver(bob, carol, reply.id)).resolves.toBeUndefined()
    expect(carol.store.getPost(reply.id)?.plaintext ?? null).toBeNull()
  })

  it('shows Alice every reply, and Carol only the replies of people she follows plus a count', async () => {
    const parent = await post(alice, 'what do you think?')
    for (const p of [bob, carol]) await deliver(alice, p, parent.id)
    await carol.node.handlers['follow.add']({ target: alice.id })
    const bobs = await post(bob, 'I think yes', parent.id)
    const carols = await post(carol, 'me too', parent.id)
    await deliver(bob, carol, bobs.id)
    const nested = await post(carol, 'and more', bobs.id)
    await deliver(bob, alice, bobs.id)
    await deliver(carol, alice, nested.id)
    await deliver(carol, alice, carols.id)

    const seen = await alice.node.handlers['post.thread']({ id: nested.id })
    expect(seen.root.id).toBe(parent.id)
    expect(seen.root.reply_count).toBe(2)
    expect(seen.hidden).toBe(0)
    expect(seen.replies.map((r) => r.post.content)).toEqual(['I think yes', 'me too'])
    expect(seen.replies[0]?.replies.map((r) => r.content)).toEqual(['and more'])

    const carolSees = await carol.node.handlers['post.thread']({ id: parent.id })
    expect(carolSees.replies.map((r) => r.post.content)).toEqual(['me too'])
    expect(carolSees.hidden).toBe(1)
    await carol.node.handlers['follow.add']({ target: bob.id })
    const after = await carol.node.handlers['post.thread']({ id: parent.id })
    expect(after.replies.map((r) => r.post.content)).toEqual(['I think yes', 'me too'])
    expect(after.hidden).toBe(0)
  })

  it('asks for the profile of a stranger who replied, so the thread shows their name', async () => {
    const parent = await post(alice, 'who reads this?')
    await deliver(alice, bob, parent.id)
    const reply = await post(bob, 'I do', parent.id)
    expect(strangersWithoutProfile(alice.node.context)).toEqual([])
    await deliver(bob, alice, reply.id)
    expect(strangersWithoutProfile(alice.node.context)).toEqual([bob.id])
  })

  it('leaves muted people out of the thread and of the count', async () => {
    const parent = await post(alice, 'topic')
    await deliver(alice, bob, parent.id)
    const reply = await post(bob, 'noise', parent.id)
    await deliver(bob, alice, reply.id)
    const feed = await alice.node.handlers['feed.page']({ query: { type: 'mine' }, limit: 10 })
    expect(feed.posts[0]?.reply_count).toBe(1)
    await alice.node.handlers['people.moderate']({ node_id: bob.id, level: 'muted' })
    const thread = await alice.node.handlers['post.thread']({ id: parent.id })
    expect(thread.replies).toEqual([])
    expect(thread.hidden).toBe(0)
    const again = await alice.node.handlers['feed.page']({ query: { type: 'mine' }, limit: 10 })
    expect(again.posts[0]?.reply_count).toBeUndefined()
  })

  it('refuses a reply to a post it does not hold, or to a direct message, and writes nothing', async () => {
    const unknown = 'ab'.repeat(32) as PostId
    await expect(post(bob, 'into the void', unknown)).rejects.toMatchObject({ name: 'NotFoundError' })
    const dm = await alice.node.handlers['messages.send']({ to: bob.id, content: 'psst' })
    await deliver(alice, bob, dm.id)
    await expect(post(bob, 'reply to a dm', dm.id)).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(bob.node.handlers['post.thread']({ id: unknown })).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    expect(bob.store.countPosts(bob.id)).toBe(0)
  })
})
