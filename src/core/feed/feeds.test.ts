import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FeedCursor } from '../api/index.ts'
import type { NodeId } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import {
  makeBlob,
  makePost,
  makeProfile,
  manualClock,
  nodeId,
  openTestStore,
} from '../storage/test-support/fixtures.ts'
import { dmThreads } from './dm-threads.ts'
import type { FeedRows } from './feed-page.ts'
import { customFeed, dmThread, homeFeed, myPosts } from './feeds.ts'

const [me, bob, carol, dave] = [nodeId(1), nodeId(2), nodeId(3), nodeId(4)]
const texts = (page: FeedRows) => page.rows.map((r) => r.plaintext)

function put(
  store: Store,
  author: NodeId,
  created_at: number,
  text: string,
  extra: { dm?: NodeId; media?: boolean } = {},
) {
  const attachments = extra.media ? [{ blob: makeBlob(created_at).id, mime: 'image/webp', size: 100 }] : []
  const p = makePost({ author, created_at, content: text, attachments })
  store.putPost(p, { plaintext: text, dm_peer: extra.dm ?? null })
  return p
}

describe('homeFeed', () => {
  it('shows own and followed posts newest first, never DMs or strangers', async () => {
    const store = await openTestStore()
    store.follow(bob)
    store.putProfile(makeProfile(bob, 1, 'Bob'))
    put(store, me, 10, 'mine')
    put(store, bob, 30, 'bob')
    put(store, carol, 20, 'stranger')
    put(store, bob, 40, 'dm from bob', { dm: bob })
    const page = homeFeed(store, { self: me, limit: 10 })
    expect(texts(page)).toEqual(['bob', 'mine'])
    expect(page.rows[0]?.author_name).toBe('Bob')
    expect(page.rows[1]?.author_name).toBeNull()
    expect(page.next).toBeUndefined()
  })

  it('rejects a page size outside 1–200 naming it', async () => {
    const store = await openTestStore()
    expect(() => homeFeed(store, { self: me, limit: 0 })).toThrow('options.limit')
    expect(() => homeFeed(store, { self: me, limit: 201 })).toThrow('options.limit')
  })
})

describe('myPosts and dmThread', () => {
  it('lists only own non-DM posts, and one peer’s DM thread in both directions', async () => {
    const store = await openTestStore()
    put(store, me, 1, 'post')
    put(store, me, 2, 'to bob', { dm: bob })
    put(store, bob, 3, 'from bob', { dm: bob })
    put(store, carol, 4, 'from carol', { dm: carol })
    expect(texts(myPosts(store, { self: me, limit: 10 }))).toEqual(['post'])
    expect(texts(dmThread(store, { peer: bob, limit: 10 }))).toEqual(['from bob', 'to bob'])
  })
})

describe('customFeed', () => {
  it('narrows by circle, authors, media and case-insensitive text with literal % and _', async () => {
    const store = await openTestStore()
    store.createCircle('Close', [bob])
    put(store, bob, 1, 'Birthday CAKE', { media: true })
    put(store, carol, 2, 'cake recipe')
    put(store, dave, 3, '100% sure_thing')
    put(store, dave, 4, '100 percent surething')
    put(store, carol, 5, 'ÜBER Straße')
    put(store, bob, 6, 'cake in a DM', { dm: bob })
    const feed = (filter: Parameters<typeof customFeed>[1]['filter']) =>
      texts(customFeed(store, { filter, limit: 50 }))
    expect(feed({ circle: 'Close' })).toEqual(['Birthday CAKE'])
    expect(feed({ text: 'cake' })).toEqual(['cake recipe', 'Birthday CAKE'])
    expect(feed({ text: 'cake', with_media: false })).toEqual(['cake recipe'])
    expect(feed({ text: '0% s' })).toEqual(['100% sure_thing'])
    expect(feed({ text: 'e_t' })).toEqual(['100% sure_thing'])
    expect(feed({ text: 'über' })).toEqual(['ÜBER Straße'])
    expect(feed({ authors: [dave] })).toEqual(['100 percent surething', '100% sure_thing'])
    expect(feed({ authors: [] })).toEqual([])
    expect(feed({ circle: 'Nobody' })).toEqual([])
    expect(() => feed({ authors: ['x' as NodeId] })).toThrow('options.filter.authors[0]')
  })
})

describe('dmThreads', () => {
  it('summarises each thread with preview, unread count and request flag; hides ignored peers', async () => {
    const clock = manualClock(1000)
    const store = await openTestStore(clock)
    store.putProfile(makeProfile(bob, 1, 'Bob'))
    store.follow(bob)
    put(store, bob, 10, 'hi', { dm: bob })
    put(store, me, 20, 'hey bob', { dm: bob })
    store.markDmRead(bob)
    clock.advance(10)
    put(store, bob, 30, 'news?', { dm: bob })
    put(store, carol, 15, 'buy coins', { dm: carol })
    put(store, dave, 5, 'spam', { dm: dave })
    store.ignoreDm(dave)
    const threads = dmThreads(store, { self: me })
    expect(threads).toEqual([
      {
        peer: bob,
        peer_name: 'Bob',
        last_message_at: 30,
        last_preview: 'news?',
        unread: 1,
        is_request: false,
      },
      {
        peer: carol,
        peer_name: null,
        last_message_at: 15,
        last_preview: 'buy coins',
        unread: 1,
        is_request: true,
      },
    ])
    store.acceptDm(carol)
    expect(dmThreads(store, { self: me })[1]?.is_request).toBe(false)
  })
})

describe('keyset pagination (property)', () => {
  it('returns every post exactly once, in (created_at, id) descending order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ author: fc.constantFrom(me, bob, carol), t: fc.integer({ min: 0, max: 30 }) }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 7 }),
        async (specs, limit) => {
          const store = await openTestStore()
          store.follow(bob)
          const visible = new Set<string>()
          specs.forEach(({ author, t }, i) => {
            const p = put(store, author, t, `p${i}`)
            if (author !== carol) visible.add(p.id)
          })
          const seen: { id: string; created_at: number }[] = []
          let before: FeedCursor | undefined
          for (let guard = 0; guard < 100; guard++) {
            const page = homeFeed(store, { self: me, limit, ...(before ? { before } : {}) })
            expect(page.rows.length).toBeLessThanOrEqual(limit)
            seen.push(...page.rows.map((r) => ({ id: r.signed.id, created_at: r.signed.post.created_at })))
            if (page.next === undefined) break
            before = page.next
          }
          expect(seen.map((s) => s.id).sort()).toEqual([...visible].sort())
          for (let i = 1; i < seen.length; i++) {
            const a = seen[i - 1]!
            const b = seen[i]!
            expect(a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id)).toBe(true)
          }
          store.close()
        },
      ),
      { numRuns: 60 },
    )
  })
})
