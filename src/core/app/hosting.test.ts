/** Hosting and pins through the RPC handlers (offline node): figures, pin / unpin, the `pinned` mark. */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { NodeEvent } from '../api/index.ts'
import { silentLogger } from '../net/index.ts'
import { createSqlJsDriver, openStore } from '../storage/index.ts'
import { makePost, nodeId } from '../storage/test-support/fixtures.ts'
import { createNodeService } from './node-service.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'

const SQL = await initSqlJs()

async function node() {
  const events: NodeEvent[] = []
  const store = openStore(createSqlJsDriver(new SQL.Database()))
  const service = createNodeService({
    store,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: (e) => events.push(e),
    secrets: memorySecretWrapper(),
    host: 'shared-worker',
    persistence: { persisted: async () => false, persist: async () => false },
  })
  await service.start()
  await service.handlers['identity.create']({ display_name: 'Bob', bio: '' })
  return { store, h: service.handlers, events }
}

describe('hosting over RPC', () => {
  it('shows plain byte figures, pins a followed author’s post and marks it in the feed', async () => {
    const { store, h, events } = await node()
    const friend = nodeId(7)
    store.follow(friend)
    const post = makePost({ author: friend, created_at: Date.now() - 1000, content: 'album' })
    store.putPost(post)
    const before = await h['hosting.status']({})
    expect(before).toMatchObject({
      asked: 0,
      hosted: 0,
      pinned: 0,
      quota: 4 * 1024 * 1024,
      spare: 4 * 1024 * 1024,
    })
    expect(before.pins).toEqual([])

    expect(await h['post.pin']({ id: post.id, mode: 'fork' })).toEqual({ pinned: 'fork' })
    expect(events.some((e) => e.type === 'hosting.changed')).toBe(true)
    const after = await h['hosting.status']({})
    expect(after.pinned).toBeGreaterThan(0)
    expect(after.hosted).toBe(0)
    expect(after.pins).toMatchObject([
      { post_id: post.id, author: friend, mode: 'fork', original_held: true },
    ])
    const feed = await h['feed.page']({ query: { type: 'home' }, limit: 10 })
    expect(feed.posts.find((p) => p.id === post.id)?.pinned).toBe('fork')

    expect(await h['post.unpin']({ id: post.id })).toEqual({ unpinned: true })
    expect((await h['hosting.status']({})).pins).toEqual([])
    expect(await h['post.unpin']({ id: post.id })).toEqual({ unpinned: false })
  })

  it('“others hold” counts the holders seen within the holder timeout, not those that timed out', async () => {
    const { store, h } = await node()
    const own = await h['post.create']({ content: 'mine', intent: { type: 'public' }, attachments: [] })
    const day = 24 * 60 * 60_000
    const seen = [Date.now() - 60_000, Date.now() - 2 * day] // one live, one gone for a day's timeout
    for (const [i, at] of seen.entries())
      store.db.run('INSERT INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [
        own.id,
        nodeId(50 + i),
        at,
      ])
    const one = (await h['hosting.status']({})).asked
    expect(one).toBeGreaterThan(0)
    await h['settings.replicas.set']({ holder_timeout_ms: 3 * day })
    expect((await h['hosting.status']({})).asked).toBe(2 * one)
  })

  it('refuses to pin an unknown post with NotFoundError', async () => {
    const { h } = await node()
    await expect(
      h['post.pin']({ id: makePost({ author: nodeId(9) }).id, mode: 'anchor' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    })
  })
})
