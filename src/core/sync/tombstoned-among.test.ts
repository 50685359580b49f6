import { describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { tombstonedAmong } from './requester.ts'
import type { SyncStore } from './sync-store.ts'
import { generateIdentity, makeDelete, makePost, storeWith } from './test-support/fixtures.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()

/** `store` with a batch lookup built from its own per-post answers, counting calls. */
function batched(store: MemorySyncStore): SyncStore & { batches: number } {
  const wrapped = Object.assign(Object.create(store) as MemorySyncStore, {
    batches: 0,
    tombstonedAmong(keys: readonly { author: NodeId; id: PostId }[]) {
      wrapped.batches++
      return new Set(keys.filter((k) => store.isTombstoned(k.author, k.id)).map((k) => k.id))
    },
  })
  return wrapped
}

describe('tombstonedAmong', () => {
  it('answers as isTombstoned per post does, with one batch call where the store has one', async () => {
    const deleted = await makePost(alice, T + 1)
    const kept = await makePost(alice, T + 2)
    const bobs = await makePost(bob, T + 3)
    const store = storeWith([])
    store.seedDelete(await makeDelete(alice, deleted.post, T + 10))
    // a delete signed by someone else never holds back the author's post
    store.seedDelete(await makeDelete(alice, bobs.post, T + 11))
    const keys = [deleted, kept, bobs].map((m) => ({ author: m.post.post.author, id: m.post.id }))
    const perPost = await tombstonedAmong(store, keys)
    expect([...perPost]).toEqual([deleted.post.id])
    const withBatch = batched(store)
    expect(await tombstonedAmong(withBatch, keys)).toEqual(perPost)
    expect(withBatch.batches).toBe(1)
    expect(await tombstonedAmong(withBatch, [])).toEqual(new Set())
    expect(withBatch.batches).toBe(1)
  })
})
