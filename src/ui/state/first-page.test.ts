import { describe, expect, it } from 'vitest'
import type { FeedPage, NodeEvent, PostId } from '../../core/api/index.ts'
import { FIRST_PAGE_LIMIT, prefetchFirstPage, takeFirstPage } from './first-page.ts'
import type { RpcClient } from './node-client.ts'

const home = { query: { type: 'home' as const }, limit: FIRST_PAGE_LIMIT }

/** A node handle that answers `feed.page` with `answers` in turn and lets the test push events. */
function fakeClient(...answers: Array<FeedPage | Error>) {
  const listeners = new Set<(e: NodeEvent) => void>()
  const calls: unknown[] = []
  const client = {
    call: async (_method: string, params: unknown) => {
      calls.push(params)
      const next = answers.shift() ?? { posts: [] }
      if (next instanceof Error) throw next
      return next
    },
    on: (l: (e: NodeEvent) => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  const emit = (e: NodeEvent) => {
    for (const l of [...listeners]) l(e)
  }
  return { client: client as unknown as RpcClient, calls, emit, listeners }
}

const page = (id: string): FeedPage => ({ posts: [{ id: id as PostId } as FeedPage['posts'][number]] })

describe('the prefetched first feed page (issue 12)', () => {
  it('asks once at connect and hands the same answer to the feed view once', async () => {
    const { client, calls } = fakeClient(page('a'), page('b'))
    prefetchFirstPage(client)
    prefetchFirstPage(client)
    expect(calls).toEqual([home])
    expect(await takeFirstPage(client, home)).toEqual(page('a'))
    expect(takeFirstPage(client, home)).toBeUndefined()
    expect(calls).toHaveLength(1)
  })

  it('is not used for another query, a cursor or another size', () => {
    const { client } = fakeClient(page('a'))
    prefetchFirstPage(client)
    expect(takeFirstPage(client, { ...home, limit: 10 })).toBeUndefined()
    expect(takeFirstPage(client, { ...home, before: { created_at: 1, id: 'x' as PostId } })).toBeUndefined()
    expect(takeFirstPage(client, { query: { type: 'mine' }, limit: FIRST_PAGE_LIMIT })).toBeUndefined()
  })

  it('is dropped after an event that may change the feed, and kept through status and network events', () => {
    const kept = fakeClient(page('a'))
    prefetchFirstPage(kept.client)
    kept.emit({ type: 'network.changed', connections: 1 })
    kept.emit({
      type: 'status',
      status: { phase: 'ready', storage_persisted: false, connections: 0, host: 'shared-worker' },
    })
    expect(takeFirstPage(kept.client, home)).toBeDefined()
    expect(kept.listeners.size).toBe(0)

    const stale = fakeClient(page('a'))
    prefetchFirstPage(stale.client)
    stale.emit({ type: 'post.removed', id: 'a' as PostId })
    expect(takeFirstPage(stale.client, home)).toBeUndefined()
    expect(stale.listeners.size).toBe(0)
  })

  it('asks again when the prefetch failed (no identity yet), never passing the failure off as the feed', async () => {
    const noIdentity = Object.assign(new Error('create or import an identity first'), {
      name: 'NoIdentityError',
    })
    const { client, calls } = fakeClient(noIdentity, page('after-setup'))
    prefetchFirstPage(client)
    expect(await takeFirstPage(client, home)).toEqual(page('after-setup'))
    expect(calls).toEqual([home, home])
  })
})
