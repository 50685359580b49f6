import { describe, expect, it } from 'vitest'
import type { NodeId } from '../../src/core/model/types.ts'
import { anchoredUsers } from './anchored-users.ts'
import { eventually, type TestUser } from './node-harness.ts'

// maintenance every second unless a test asks for long periods (then only announcements bring news in time)
const net = anchoredUsers({ maintainEveryMs: 1000 })
const { user } = net

async function homeContents(u: TestUser): Promise<(string | null)[]> {
  const page = await u.call('feed.page', { query: { type: 'home' }, limit: 50 })
  return page.posts.map((p) => p.content)
}

describe('journeys between nodes through a real anchor', () => {
  it('delivers a public post to a follower while both are online', async () => {
    const alice = await user('Alice')
    const bob = await user('Bob')
    const { connect } = await alice.call('profile.connectString', {})
    await bob.call('follow.add', { target: connect })
    await alice.call('post.create', {
      content: 'hello from alice',
      intent: { type: 'public' },
      attachments: [],
    })
    await eventually(async () => (await homeContents(bob)).includes('hello from alice'))
  })

  it('gives a circle post to its member and never to a follower outside the circle', async () => {
    const alice = await user('Alice2')
    const bob = await user('Bob2')
    const carol = await user('Carol2')
    const { connect } = await alice.call('profile.connectString', {})
    await bob.call('follow.add', { target: connect })
    await carol.call('follow.add', { target: connect })
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    await alice.call('circles.create', { name: 'close', members: [bobId] })
    const post = await alice.call('post.create', {
      content: 'only for the circle',
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
    await alice.call('post.create', { content: 'public marker', intent: { type: 'public' }, attachments: [] })
    await eventually(async () => (await homeContents(bob)).includes('only for the circle'))
    await eventually(async () => (await homeContents(carol)).includes('public marker'))
    expect(carol.store.hasPost(post.id)).toBe(false)
  })
})

describe('offline delivery and deletes', () => {
  it('hands an offline follower the posts and the DM the anchor kept while the author was away', async () => {
    const alice = await user('Alice3')
    const bob = await user('Bob3')
    const { connect } = await alice.call('profile.connectString', {})
    await bob.call('follow.add', { target: connect })
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    await bob.stop()

    const held = net.anchor.mailbox.stats().posts
    await alice.call('post.create', {
      content: 'while you were out',
      intent: { type: 'public' },
      attachments: [],
    })
    await alice.call('messages.send', { to: bobId, content: 'psst, bob' })
    await eventually(() => net.anchor.mailbox.stats().posts >= held + 2)
    await alice.stop()

    await bob.service.start()
    await eventually(async () => (await homeContents(bob)).includes('while you were out'))
    await eventually(async () =>
      (await bob.call('messages.threads', {})).some((t) => t.last_preview === 'psst, bob'),
    )
  })

  it('removes a deleted post from a follower and keeps it out on the next sync', async () => {
    const alice = await user('Alice4', { maintainEveryMs: 600_000 })
    const bob = await user('Bob4', { maintainEveryMs: 600_000 })
    const { connect } = await alice.call('profile.connectString', {})
    await bob.call('follow.add', { target: connect })
    const post = await alice.call('post.create', {
      content: 'regrettable',
      intent: { type: 'public' },
      attachments: [],
    })
    await eventually(async () => (await homeContents(bob)).includes('regrettable'))
    await alice.call('post.delete', { id: post.id })
    await eventually(async () => !(await homeContents(bob)).includes('regrettable'))
    await bob.call('sync.now', {})
    expect(await homeContents(bob)).not.toContain('regrettable')
    expect(bob.store.isTombstoned(post.id, post.author)).toBe(true)
  })

  it('answers a Sync now asked while the network is still starting: it waits and pulls from the anchor', async () => {
    const alice = await user('Alice8')
    await alice.stop()
    await alice.service.start()
    // start() returns before the network is up (the stored feed answers first).
    const synced = await alice.call('sync.now', {})
    expect(synced.peers).toBeGreaterThanOrEqual(1)
  })

  it('puts a DM from a stranger in message requests until accepted', async () => {
    const bob = await user('Bob5')
    const stranger = await user('Stranger5')
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    await stranger.call('messages.send', { to: bobId, content: 'hi, we have not met' })
    await eventually(async () => (await bob.call('messages.threads', {})).length === 1, 20_000)
    const [thread] = await bob.call('messages.threads', {})
    expect(thread?.is_request).toBe(true)
    await bob.call('messages.accept', { peer: thread!.peer })
    const [after] = await bob.call('messages.threads', {})
    expect(after?.is_request).toBe(false)
  })

  it('brings a profile change (name, bio, anchors) to a follower by announcement alone', async () => {
    const alice = await user('Alice6', { maintainEveryMs: 600_000 })
    const bob = await user('Bob6', { maintainEveryMs: 600_000 })
    const { connect } = await alice.call('profile.connectString', {})
    await bob.call('follow.add', { target: connect })
    const aliceId = (await alice.call('node.status', {})).node_id as NodeId
    await eventually(
      async () => (await bob.call('profile.get', { node_id: aliceId }))?.display_name === 'Alice6',
    )
    await alice.call('profile.update', {
      display_name: 'Alice Six',
      bio: 'new bio',
      anchors: [net.anchor.multiaddrs[0]!],
    })
    await eventually(async () => {
      const seen = await bob.call('profile.get', { node_id: aliceId })
      return seen?.display_name === 'Alice Six' && seen.bio === 'new bio'
    })
  })
})

describe('peer knowledge', () => {
  it("suggests peers learnt from the anchor, never anyone's follows, and gives the anchor a preferred mesh slot", async () => {
    const alice = await user('Alice7')
    const aliceId = (await alice.call('node.status', {})).node_id as NodeId
    const dave = await user('Dave7')
    await eventually(async () =>
      (await dave.call('people.list', { filter: 'suggested' })).some((p) => p.node_id === aliceId),
    )
    await eventually(() => dave.store.listMeshPeers('preferred').some((m) => m.node_id === net.anchor.nodeId))
  })
})
