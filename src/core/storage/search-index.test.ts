/**
 * The search index off the write path (issue 12): a stored post waits in `post_search_pending`
 * until `indexPendingSearch` indexes the queue in one statement; deletes and text updates keep
 * both tables right, so nothing is indexed twice or after its removal.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { PostId } from '../model/types.ts'
import { indexPendingSearch } from './search-index.ts'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { openStore, type Store } from './store.ts'
import { makePost, manualClock, nodeId } from './test-support/fixtures.ts'

const SQL = await initSqlJs()

const fresh = (): Store => openStore(createSqlJsDriver(new SQL.Database()), { clock: manualClock() })
const indexed = (store: Store, word: string): PostId[] =>
  store.db
    .all<{ id: PostId }>('SELECT post_id AS id FROM post_search WHERE post_search MATCH ? ORDER BY id', [
      word,
    ])
    .map((r) => r.id)
const pending = (store: Store): number =>
  store.db.get<{ n: number }>('SELECT count(*) AS n FROM post_search_pending')?.n ?? 0

describe('deferred search indexing', () => {
  it('queues a received batch and indexes it in one step, leaving out direct messages', () => {
    const store = fresh()
    const posts = Array.from({ length: 20 }, (_, i) =>
      makePost({ author: nodeId(i % 3), created_at: 1_700_000_000_000 + i, content: `walrus ${i}` }),
    )
    const dm = makePost({ author: nodeId(1), created_at: 1_700_000_100_000, content: 'walrus dm' })
    store.putPosts([
      ...posts.map((post) => ({ post, local: { plaintext: post.post.content } })),
      { post: dm, local: { plaintext: 'walrus dm', dm_peer: nodeId(1) } },
    ])
    expect(indexed(store, 'walrus')).toEqual([])
    expect(pending(store)).toBe(20)
    expect(indexPendingSearch(store.db)).toBe(20)
    expect(indexed(store, 'walrus')).toEqual(posts.map((p) => p.id).sort())
    expect(pending(store)).toBe(0)
    expect(indexPendingSearch(store.db)).toBe(0)
    expect(indexed(store, 'walrus')).toHaveLength(20)
  })

  it('never indexes a post removed while it waited, nor twice one whose text changed', () => {
    const store = fresh()
    const kept = makePost({ created_at: 1_700_000_000_000, content: 'heron' })
    const gone = makePost({ created_at: 1_700_000_000_001, content: 'heron too' })
    store.putPost(kept, { plaintext: 'heron' })
    store.putPost(gone, { plaintext: 'heron too' })
    store.setPlaintext(kept.id, 'heron again')
    store.db.run('DELETE FROM posts WHERE id = ?', [gone.id])
    expect(indexed(store, 'heron')).toEqual([kept.id])
    indexPendingSearch(store.db)
    expect(indexed(store, 'heron')).toEqual([kept.id])
    expect(indexed(store, 'again')).toEqual([kept.id])
  })
})
