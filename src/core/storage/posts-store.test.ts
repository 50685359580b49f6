import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NodeId, PostId, SignedPost, Verified } from '../model/types.ts'
import {
  dumpTables,
  makeBlob,
  makeDelete,
  makePost,
  manualClock,
  nodeId,
  openTestStore,
} from './test-support/fixtures.ts'

const alice = nodeId(1)
const bob = nodeId(2)
const carol = nodeId(3)

describe('putPost', () => {
  it('stores a post once and reads back every field', async () => {
    const clock = manualClock(1_700_000_500_000)
    const store = await openTestStore(clock)
    const p = makePost({ author: alice, content: 'hi', recipients: [bob, carol] })
    expect(store.putPost(p, { plaintext: 'hi there', audience: { type: 'friends' } })).toBe('inserted')
    expect(store.putPost(p)).toBe('exists')
    const got = store.getPost(p.id)
    expect(got?.signed).toEqual(p)
    expect(got).toMatchObject({ plaintext: 'hi there', audience: { type: 'friends' }, dm_peer: null })
    expect(got?.received_at).toBe(1_700_000_500_000)
    expect(store.hasPost(p.id)).toBe(true)
    expect(store.countPosts()).toBe(1)
    expect(store.countPosts(bob)).toBe(0)
  })

  it('refuses a post its author deleted, and writes nothing', async () => {
    const store = await openTestStore()
    const p = makePost({ author: alice })
    expect(store.deletePost(makeDelete(alice, p.id))).toBe('tombstoned')
    const before = dumpTables(store)
    expect(store.putPost(p)).toBe('tombstoned')
    expect(dumpTables(store)).toEqual(before)
  })

  it('is not blocked by a delete signed by someone other than the author', async () => {
    const store = await openTestStore()
    const p = makePost({ author: alice })
    store.deletePost(makeDelete(bob, p.id))
    expect(store.isTombstoned(p.id, alice)).toBe(false)
    expect(store.putPost(p)).toBe('inserted')
  })

  it.each([
    ['a malformed id', (p: SignedPost) => ({ ...p, id: 'XYZ' })],
    ['a bad author', (p: SignedPost) => ({ ...p, post: { ...p.post, author: 'mallory' } })],
    ['a short signature', (p: SignedPost) => ({ ...p, signature: new Uint8Array(10) })],
    [
      'too many attachments',
      (p: SignedPost) => ({
        ...p,
        post: {
          ...p.post,
          attachments: Array.from({ length: 5 }, (_, i) => ({ blob: makeBlob(i).id, mime: 'a/b', size: 1 })),
        },
      }),
    ],
    ['an unknown visibility', (p: SignedPost) => ({ ...p, visibility: { type: 'secret' } })],
  ])('rejects %s with ValidationError and writes nothing', async (_, mutate) => {
    const store = await openTestStore()
    const before = dumpTables(store)
    const bad = mutate(makePost({ author: alice })) as unknown as Verified<SignedPost>
    expect(() => store.putPost(bad)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(dumpTables(store)).toEqual(before)
  })

  it('rejects visibility metadata over 256 KiB with TooLargeError', async () => {
    const store = await openTestStore()
    const many = Array.from({ length: 600 }, (_, i) => nodeId(100 + i))
    const p = makePost({ author: alice, recipients: many })
    const fat = {
      ...p,
      visibility: {
        ...p.visibility,
        recipients: many.map((r) => ({ recipient: r, wrapped: new Uint8Array(500) })),
      },
    }
    expect(() => store.putPost(fat as Verified<SignedPost>)).toThrow(
      expect.objectContaining({ name: 'TooLargeError' }),
    )
    expect(store.countPosts()).toBe(0)
  })

  it('rejects bad local metadata naming the argument', async () => {
    const store = await openTestStore()
    expect(() => store.putPost(makePost(), { dm_peer: 'nobody' as NodeId })).toThrow('local.dm_peer')
    expect(() => store.putPost(makePost(), { audience: { type: 'circle', name: ' ' } })).toThrow(
      'local.audience.name',
    )
    expect(store.countPosts()).toBe(0)
  })
})

/** A post by `old`'s author, of its time, that replaces it (seed D-2 re-encrypt). */
function replacing(old: Verified<SignedPost>, content: string): Verified<SignedPost> {
  const fresh = makePost({ author: old.post.author, created_at: old.post.created_at, content })
  return { ...fresh, post: { ...fresh.post, replaces: old.id } } as Verified<SignedPost>
}

describe('putPosts', () => {
  it('stores a batch in one transaction with an outcome per post, in order', async () => {
    const store = await openTestStore()
    const held = makePost({ author: alice, content: 'held' })
    const deleted = makePost({ author: bob, content: 'deleted' })
    const fresh = makePost({ author: carol, content: 'fresh', recipients: [alice] })
    store.putPost(held)
    store.deletePost(makeDelete(bob, deleted.id))
    const outcomes = store.putPosts([
      { post: fresh, local: { plaintext: 'fresh' } },
      { post: held },
      { post: deleted },
    ])
    expect(outcomes).toEqual(['inserted', 'exists', 'tombstoned'])
    expect(store.getPost(fresh.id)?.plaintext).toBe('fresh')
    expect(store.hasPost(deleted.id)).toBe(false)
    expect(store.countPosts()).toBe(2)
    expect(store.putPosts([])).toEqual([])
  })

  it("refuses the batch's posts a tombstone or a held replacement holds back, by their author only", async () => {
    const store = await openTestStore()
    const deleted = makePost({ author: bob, content: 'deleted' })
    const deletedByOther = makePost({ author: carol, content: 'deleted by someone else' })
    const old = makePost({ author: alice, content: 'old' })
    store.deletePost(makeDelete(bob, deleted.id))
    store.deletePost(makeDelete(bob, deletedByOther.id))
    expect(store.putPost(replacing(old, 'new'))).toBe('inserted')
    const fresh = makePost({ author: carol, content: 'fresh' })
    expect(store.putPosts([deleted, fresh, old, deletedByOther].map((post) => ({ post })))).toEqual([
      'tombstoned',
      'inserted',
      'tombstoned',
      'inserted',
    ])
    expect(store.hasPost(old.id)).toBe(false)
  })

  it('holds back a post that an earlier item of the same batch replaced', async () => {
    const store = await openTestStore()
    const old = makePost({ author: alice, content: 'old' })
    const other = makePost({ author: bob, content: 'other' })
    expect(store.putPosts([replacing(old, 'new'), other, old].map((post) => ({ post })))).toEqual([
      'inserted',
      'inserted',
      'tombstoned',
    ])
    expect(store.hasPost(old.id)).toBe(false)
  })

  it('checks every item before writing: one bad item writes nothing', async () => {
    const store = await openTestStore()
    const good = makePost({ author: alice })
    const bad = { ...makePost({ author: bob }), signature: new Uint8Array(3) } as typeof good
    const before = dumpTables(store)
    expect(() => store.putPosts([{ post: good }, { post: bad }])).toThrow('items[1].post.signature')
    expect(dumpTables(store)).toEqual(before)
  })
})

describe('posts round trip (property)', () => {
  const text = fc.string({ maxLength: 200 })
  it('returns exactly what was stored, for random posts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          author: fc.integer({ min: 0, max: 50 }).map(nodeId),
          created_at: fc.integer({ min: 0, max: 4_000_000_000_000 }),
          content: text,
          recipients: fc.option(
            fc.uniqueArray(fc.integer({ min: 0, max: 99 }).map(nodeId), { maxLength: 5 }),
            { nil: undefined },
          ),
          attachments: fc.array(
            fc
              .integer({ min: 0, max: 1000 })
              .map((i) => ({ blob: makeBlob(i).id, mime: 'image/webp', size: i })),
            { maxLength: 4 },
          ),
          reply_to: fc.option(fc.constant(makePost().id), { nil: undefined }),
          plaintext: fc.option(text, { nil: null }),
        }),
        async ({ plaintext, ...spec }) => {
          // a fresh store per case: two cases may make the same post (same id, another visibility)
          const store = await openTestStore()
          const p = makePost(spec)
          store.putPost(p, { plaintext })
          const got = store.getPost(p.id)
          expect(got?.signed).toEqual(p)
          expect(got?.plaintext).toBe(plaintext)
          store.close()
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('updateVisibility', () => {
  it('replaces an older visibility and its recipients, ignores stale ones', async () => {
    const store = await openTestStore()
    const p = makePost({ author: alice, recipients: [bob], visibility_updated_at: 100 })
    store.putPost(p)
    const newer = makePost({ author: alice, recipients: [carol], visibility_updated_at: 200 })
    expect(store.updateVisibility({ ...newer, id: p.id })).toBe('updated')
    expect(store.getPost(p.id)?.signed.visibility).toEqual(newer.visibility)
    expect(store.postKeysByAuthor(alice, { visibleTo: carol })).toHaveLength(1)
    expect(store.postKeysByAuthor(alice, { visibleTo: bob })).toHaveLength(0)
    const older = makePost({ author: alice, visibility_updated_at: 150 })
    expect(store.updateVisibility({ ...older, id: p.id })).toBe('stale')
    expect(store.getPost(p.id)?.signed.visibility_updated_at).toBe(200)
    expect(store.updateVisibility({ ...older, id: makePost({ content: 'x' }).id })).toBe('missing')
  })
})

describe('setPlaintext', () => {
  it('updates the cached text and reports a missing post', async () => {
    const store = await openTestStore()
    const p = makePost()
    store.putPost(p)
    expect(store.setPlaintext(p.id, 'now readable')).toBe(true)
    expect(store.getPost(p.id)?.plaintext).toBe('now readable')
    expect(store.setPlaintext(makePost({ content: 'other' }).id, 'x')).toBe(false)
  })
})

describe('postKeysByAuthor and postsByIds', () => {
  it('lists one author’s keys in (created_at, id) order within a half-open range', async () => {
    const store = await openTestStore()
    const posts = [30, 10, 20, 20, 40].map((t, i) =>
      makePost({ author: alice, created_at: t, content: `p${i}` }),
    )
    for (const p of posts) store.putPost(p)
    store.putPost(makePost({ author: bob, created_at: 15 }))
    const keys = store.postKeysByAuthor(alice)
    const expected = posts
      .map((p) => ({ created_at: p.post.created_at, id: p.id }))
      .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
    expect(keys).toEqual(expected)
    expect(store.postKeysByAuthor(alice, { from: expected[1], to: expected[4] })).toEqual(
      expected.slice(1, 4),
    )
    expect(store.postKeysByAuthor(alice, { limit: 2 })).toEqual(expected.slice(0, 2))
  })

  it('withholds encrypted posts from a non-recipient but not from the author', async () => {
    const store = await openTestStore()
    store.putPost(makePost({ author: alice, content: 'public' }))
    store.putPost(makePost({ author: alice, content: 'secret', recipients: [bob] }))
    expect(store.postKeysByAuthor(alice, { visibleTo: carol })).toHaveLength(1)
    expect(store.postKeysByAuthor(alice, { visibleTo: bob })).toHaveLength(2)
    expect(store.postKeysByAuthor(alice, { visibleTo: alice })).toHaveLength(2)
  })

  it('returns the stored posts among the ids, newest first', async () => {
    const store = await openTestStore()
    const a = makePost({ created_at: 1 })
    const b = makePost({ created_at: 2 })
    store.putPost(a)
    store.putPost(b)
    const ids = [a.id, makePost({ content: 'absent' }).id, b.id] as PostId[]
    expect(store.postsByIds(ids).map((s) => s.signed.id)).toEqual([b.id, a.id])
    expect(() => store.postsByIds(['nope' as PostId])).toThrow('ids[0]')
  })
})
