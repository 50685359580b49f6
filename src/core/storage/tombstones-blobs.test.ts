import { describe, expect, it } from 'vitest'
import type { BlobId } from '../model/types.ts'
import { dumpTables, makeBlob, makeDelete, makePost, nodeId, openTestStore } from './test-support/fixtures.ts'

const alice = nodeId(1)
const bob = nodeId(2)

describe('batched lookups (issue 12)', () => {
  it('tombstonedAmong and heldAmong answer as isTombstoned and hasPost do per post', async () => {
    const store = await openTestStore()
    const deleted = makePost({ author: alice, content: 'deleted' })
    const kept = makePost({ author: alice, content: 'kept' })
    const bobs = makePost({ author: bob, content: 'bob' })
    const never = makePost({ author: bob, content: 'never stored' })
    for (const p of [deleted, kept, bobs]) store.putPost(p)
    store.deletePost(makeDelete(alice, deleted.id))
    // alice's delete of a post not held is kept, but only holds back a post by alice
    store.deletePost(makeDelete(alice, never.id))
    const keys = [deleted, kept, bobs, never].map((p) => ({ id: p.id, author: p.post.author }))
    const perPost = keys.filter((k) => store.isTombstoned(k.id, k.author)).map((k) => k.id)
    expect(store.tombstonedAmong(keys)).toEqual(new Set(perPost))
    expect(perPost).toEqual([deleted.id])
    const ids = keys.map((k) => k.id)
    expect(store.heldAmong([...ids, kept.id])).toEqual(new Set(ids.filter((id) => store.hasPost(id))))
    expect(store.heldAmong([])).toEqual(new Set())
    expect(() => store.tombstonedAmong([{ id: 'nope' as never, author: alice }])).toThrow(/keys\[0\]\.id/)
  })

  it('looks up more than one chunk of ids', async () => {
    const store = await openTestStore()
    const posts = Array.from({ length: 1200 }, (_, i) => makePost({ author: alice, content: `p${i}` }))
    store.putPosts(posts.map((post) => ({ post })))
    for (const p of posts.slice(0, 700)) store.deletePost(makeDelete(alice, p.id))
    const keys = posts.map((p) => ({ id: p.id, author: alice }))
    expect(store.tombstonedAmong(keys).size).toBe(700)
    expect(store.heldAmong(posts.map((p) => p.id)).size).toBe(500)
  })
})

describe('deletePost', () => {
  it('removes the post, its recipients and its unshared blobs, and keeps a tombstone', async () => {
    const store = await openTestStore()
    const own = makeBlob(1)
    const shared = makeBlob(2)
    const attach = (b: { id: BlobId; bytes: Uint8Array }) => ({
      blob: b.id,
      mime: 'image/png',
      size: b.bytes.length,
    })
    const p = makePost({ author: alice, recipients: [bob], attachments: [attach(own), attach(shared)] })
    const other = makePost({ author: bob, attachments: [attach(shared)] })
    store.putPost(p)
    store.putPost(other)
    store.putBlob(own.id, own.bytes, 'image/png', p.id)
    store.putBlob(shared.id, shared.bytes, 'image/png', p.id)
    expect(store.deletePost(makeDelete(alice, p.id, 1_800_000_000_000))).toBe('deleted')
    expect(store.hasPost(p.id)).toBe(false)
    expect(store.hasBlob(own.id)).toBe(false)
    expect(store.hasBlob(shared.id)).toBe(true)
    expect(store.db.all('SELECT * FROM post_recipients')).toEqual([])
    expect(store.isTombstoned(p.id)).toBe(true)
    expect(store.isTombstoned(p.id, alice)).toBe(true)
    expect(store.deletePost(makeDelete(alice, p.id))).toBe('already')
    const [tomb] = store.listTombstones([alice])
    expect(tomb).toMatchObject({ post_id: p.id, author: alice, deleted_at: 1_800_000_000_000 })
    expect(tomb?.request.record).toEqual(makeDelete(alice, p.id, 1_800_000_000_000).record)
  })

  it('refuses a delete signed by someone other than the stored post’s author, writing nothing', async () => {
    const store = await openTestStore()
    const p = makePost({ author: alice })
    store.putPost(p)
    const before = dumpTables(store)
    expect(() => store.deletePost(makeDelete(bob, p.id))).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(dumpTables(store)).toEqual(before)
  })

  it('lists tombstones of the given authors since a time', async () => {
    const store = await openTestStore()
    store.deletePost(makeDelete(alice, makePost({ content: 'a' }).id, 100))
    store.deletePost(makeDelete(alice, makePost({ content: 'b' }).id, 200))
    store.deletePost(makeDelete(bob, makePost({ content: 'c' }).id, 300))
    expect(store.listTombstones([alice], 150).map((t) => t.deleted_at)).toEqual([200])
    expect(store.listTombstones([alice, bob]).map((t) => t.deleted_at)).toEqual([100, 200, 300])
    expect(store.listTombstones([])).toEqual([])
    expect(() => store.listTombstones(['x' as never])).toThrow('authors[0]')
  })
})

describe('blobs', () => {
  const withBlob = async (size = 100) => {
    const store = await openTestStore()
    const b = makeBlob(7, size)
    const p = makePost({ attachments: [{ blob: b.id, mime: 'image/webp', size }] })
    store.putPost(p)
    return { store, b, p }
  }

  it('stores a blob a post lists, reports it missing before and present after', async () => {
    const { store, b, p } = await withBlob()
    expect(store.missingBlobs(p.id)).toEqual([b.id])
    expect(store.putBlob(b.id, b.bytes, 'image/webp', p.id)).toBe('inserted')
    expect(store.putBlob(b.id, b.bytes, 'image/webp', p.id)).toBe('exists')
    expect(store.missingBlobs(p.id)).toEqual([])
    expect(store.getBlob(b.id)).toEqual({ bytes: b.bytes, mime: 'image/webp', size: 100 })
  })

  it('stores a free blob (an avatar) without a post', async () => {
    const store = await openTestStore()
    const b = makeBlob(3)
    store.putBlob(b.id, b.bytes, 'image/png', null)
    expect(store.hasBlob(b.id)).toBe(true)
  })

  it('rejects a blob over 256 KiB with TooLargeError and writes nothing', async () => {
    const store = await openTestStore()
    const big = makeBlob(1, 256 * 1024 + 1)
    expect(() => store.putBlob(big.id, big.bytes, 'image/png', null)).toThrow(
      expect.objectContaining({ name: 'TooLargeError' }),
    )
    expect(store.hasBlob(big.id)).toBe(false)
  })

  it('rejects bytes that do not hash to the id', async () => {
    const { store, b, p } = await withBlob()
    const forged = b.bytes.slice()
    forged[0] = (forged[0] ?? 0) ^ 1
    expect(() => store.putBlob(b.id, forged, 'image/webp', p.id)).toThrow(
      expect.objectContaining({ name: 'IdMismatchError' }),
    )
    expect(store.hasBlob(b.id)).toBe(false)
  })

  it('rejects a blob the named post does not list', async () => {
    const { store } = await withBlob()
    const stray = makeBlob(99)
    const other = makePost({ content: 'no media' })
    store.putPost(other)
    expect(() => store.putBlob(stray.id, stray.bytes, 'image/png', other.id)).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    )
    expect(store.hasBlob(stray.id)).toBe(false)
  })

  it('rejects a blank mime type naming the argument', async () => {
    const { store, b, p } = await withBlob()
    expect(() => store.putBlob(b.id, b.bytes, ' ', p.id)).toThrow('mime')
  })
})
