import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningAnchor, startAnchor } from '../../relay-anchor/src/anchor.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import { eventually, startUser, type TestUser } from './node-harness.ts'

let anchor: RunningAnchor
const users: TestUser[] = []

async function user(name: string): Promise<TestUser> {
  const u = await startUser(name, [anchor.multiaddrs[0]!])
  users.push(u)
  await u.call('identity.create', { display_name: name, bio: '' })
  return u
}

async function homeContents(u: TestUser): Promise<(string | null)[]> {
  const page = await u.call('feed.page', { query: { type: 'home' }, limit: 50 })
  return page.posts.map((p) => p.content)
}

beforeAll(async () => {
  anchor = await startAnchor({ logLevel: 'error' })
})

afterAll(async () => {
  await Promise.allSettled(users.map((u) => u.stop()))
  await anchor.stop()
})

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
