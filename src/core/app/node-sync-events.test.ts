/**
 * What a received batch tells the tabs (issue 12): one `posts.added` whose views are the ones the
 * feed shows for the same posts (readable text opened, names filled), built from the batch as it was
 * written, without reading the posts back from the store; a DM in the batch is a `messages.changed`.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it, vi } from 'vitest'
import type { PostView } from '../api/index.ts'
import type { NodeId } from '../model/types.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()

async function pull(from: OfflinePerson, to: OfflinePerson, wants: NodeId[]) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, { ...nodeSyncDeps(to.node.context), requester: from.id })
  const result = await runRequester(a, { ...nodeSyncDeps(from.node.context), wants, peer: to.id })
  await served
  return result
}

describe('events of a received batch', () => {
  it('tells the tabs once, with the views the feed shows, without re-reading the batch', async () => {
    const alice = await offlinePerson(SQL, 'Alice')
    const bob = await offlinePerson(SQL, 'Bob')
    await bob.call('follow.add', { target: alice.id })
    await alice.call('follow.add', { target: bob.id })
    for (let i = 0; i < 5; i++)
      await alice.call('post.create', { content: `public ${i}`, intent: { type: 'public' }, attachments: [] })
    await alice.call('post.create', { content: 'for friends', intent: { type: 'friends' }, attachments: [] })
    await alice.call('post.create', {
      content: 'just you',
      intent: { type: 'direct', recipients: [bob.id] },
      attachments: [],
    })
    await alice.call('messages.send', { to: bob.id, content: 'a message' })
    bob.events.length = 0
    const byIds = vi.spyOn(bob.store, 'postsByIds')
    const getPost = vi.spyOn(bob.store, 'getPost')
    const result = await pull(bob, alice, [bob.id, alice.id])
    expect(result.received.posts).toBe(8)
    expect(byIds).not.toHaveBeenCalled()
    expect(getPost).not.toHaveBeenCalled()
    const added = bob.events.filter((e) => e.type === 'posts.added' || e.type === 'post.added')
    expect(added).toHaveLength(1)
    const views = (added[0] as { posts: PostView[] }).posts
    const feed = await bob.call('feed.page', { query: { type: 'home' }, limit: 50 })
    expect(views.map((v) => v.content)).toEqual([
      'just you',
      'for friends',
      ...[4, 3, 2, 1, 0].map((i) => `public ${i}`),
    ])
    for (const view of views) {
      const shown = feed.posts.find((p) => p.id === view.id)
      expect(shown).toBeDefined()
      expect(view.author_name).toBe('Alice')
      expect(shown).toMatchObject(view)
    }
    expect(bob.events.some((e) => e.type === 'messages.changed')).toBe(true)
  })
})
