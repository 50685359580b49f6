import { describe, expect, it } from 'vitest'
import type { SignedPost, Verified } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import {
  dumpTables,
  makeBlob,
  makeDelete,
  makePost,
  nodeId,
  openTestStore,
} from '../storage/test-support/fixtures.ts'
import type { HostingDecision } from './hosting-gate.ts'
import { measureHosting } from './hosting-usage.ts'
import { localHostingGate, STARTER_BYTES_SETTING } from './local-gate.ts'
import { listPins, pinPost, unpinPost } from './pins.ts'
import { postCost } from './post-cost.ts'

const me = nodeId(1)
const stranger = nodeId(2)
const friend = nodeId(3)
const asker = nodeId(4)

/** A store where `me` has one own post held by `holders` other nodes, and starter allowance 0. */
async function storeAsking(holders: number): Promise<{ store: Store; own: Verified<SignedPost> }> {
  const store = await openTestStore()
  store.setSetting(STARTER_BYTES_SETTING, 0)
  const own = makePost({ author: me, content: 'mine '.repeat(40) })
  store.putPost(own)
  for (let i = 0; i < holders; i++) {
    store.db.run('INSERT INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [
      own.id,
      nodeId(100 + i),
      1,
    ])
  }
  return { store, own }
}

function host(store: Store, post: Verified<SignedPost>): void {
  store.putPost(post)
  store.db.run('INSERT INTO hosted_posts (post_id, asked_by, hosted_at) VALUES (?, ?, ?)', [
    post.id,
    asker,
    1,
  ])
}

const accepted = (d: HostingDecision): boolean => d.kind === 'accept'

describe('hosting quota (3× what a node asks of others)', () => {
  it('measures asked bytes once per other holder, from the replica map', async () => {
    const { store, own } = await storeAsking(2)
    store.db.run('INSERT INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [own.id, me, 1])
    const usage = measureHosting(store.db, me, 0)
    expect(usage.asked).toBe(2 * postCost(own))
    expect(usage.quota).toBe(6 * postCost(own))
    expect(usage.hosted).toBe(0)
  })

  it('counts only holders seen within the timeout as asked, so a timed-out holder shrinks the quota', async () => {
    const { store, own } = await storeAsking(0)
    const seen = [
      [nodeId(100), 1_000],
      [nodeId(101), 5_000],
      [nodeId(102), 9_000],
    ] as const
    for (const [holder, at] of seen)
      store.db.run('INSERT INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [
        own.id,
        holder,
        at,
      ])
    expect(measureHosting(store.db, me, 0).asked).toBe(3 * postCost(own))
    expect(measureHosting(store.db, me, 0, 5_000).asked).toBe(2 * postCost(own))
    expect(measureHosting(store.db, me, 0, 9_001).asked).toBe(0)
    // the gate applies the same rule: at 10 000 with a 6 000 ms timeout, two holders are live
    let now = 10_000
    const gate = localHostingGate(
      store,
      me,
      () => now,
      () => 6_000,
    )
    expect(gate.spare()).toBe(6 * postCost(own))
    now = 15_000 // the second holder timed out too
    expect(gate.spare()).toBe(3 * postCost(own))
  })

  it('accepts a post that brings hosting to exactly 3× and refuses one byte more', async () => {
    const { store, own } = await storeAsking(1)
    const quota = 3 * postCost(own)
    const held = makePost({ author: stranger, content: 'held' })
    host(store, held)
    const room = quota - postCost(held)
    const offer = makePost({ author: stranger, content: 'offer' })
    const gate = localHostingGate(store, me, () => 5)
    expect(gate.spare()).toBe(room)
    const over = gate.decide(offer, room + 1, asker)
    expect(over).toEqual({ kind: 'refuse', reason: 'over-quota', spare: room })
    const exact = gate.decide(offer, room, asker)
    expect(accepted(exact)).toBe(true)
    // the reservation counts until it is committed or released
    expect(gate.spare()).toBe(0)
    expect(gate.decide(makePost({ author: stranger, content: 'x' }), 1, asker).kind).toBe('refuse')
    if (exact.kind === 'accept') exact.reservation.release()
    expect(gate.spare()).toBe(room)
  })

  it('records a committed hosting and counts it from storage', async () => {
    const { store, own } = await storeAsking(1)
    const gate = localHostingGate(store, me, () => 5)
    const offer = makePost({ author: stranger, content: 'offer' })
    const d = gate.decide(offer, postCost(offer), asker)
    if (d.kind !== 'accept') throw new Error('refused')
    store.putPost(offer)
    d.reservation.commit()
    expect(store.db.all('SELECT post_id, asked_by, hosted_at FROM hosted_posts')).toEqual([
      { post_id: offer.id, asked_by: asker, hosted_at: 5 },
    ])
    expect(measureHosting(store.db, me, 0).hosted).toBe(postCost(offer))
    expect(gate.spare()).toBe(3 * postCost(own) - postCost(offer))
  })

  it('a node that asks nothing hosts only its starter allowance', async () => {
    const store = await openTestStore()
    store.setSetting(STARTER_BYTES_SETTING, 1000)
    const gate = localHostingGate(store, me, () => 5)
    const offer = makePost({ author: stranger })
    expect(gate.decide(offer, 1000, asker).kind).toBe('accept')
    expect(gate.decide(offer, 1, asker).kind).toBe('refuse')
  })

  it('does not charge posts of people it follows (reading is not hosting)', async () => {
    const { store } = await storeAsking(0)
    store.follow(friend)
    const gate = localHostingGate(store, me, () => 5)
    const offer = makePost({ author: friend })
    const d = gate.decide(offer, 10_000, asker)
    expect(d.kind).toBe('accept')
    if (d.kind === 'accept') d.reservation.commit()
    expect(store.db.all('SELECT * FROM hosted_posts')).toEqual([])
  })
})

describe('pins are outside the quota', () => {
  it('a pinned hosted post stops counting, so a refused offer fits again', async () => {
    const { store, own } = await storeAsking(1)
    const big = makePost({ author: stranger, content: 'b'.repeat(2 * postCost(own)) })
    host(store, big)
    const gate = localHostingGate(store, me, () => 5)
    const offer = makePost({ author: stranger, content: 'offer' })
    expect(gate.decide(offer, postCost(own) * 2, asker).kind).toBe('refuse')
    pinPost(store.db, me, big.id, 'anchor', 7)
    const usage = measureHosting(store.db, me, 0)
    expect(usage.hosted).toBe(0)
    expect(usage.pinned).toBe(postCost(big))
    expect(gate.decide(offer, postCost(own) * 2, asker).kind).toBe('accept')
  })

  it('an anchor pin goes with the author’s delete; a fork pin keeps its copy and blobs', async () => {
    const store = await openTestStore()
    const blobA = makeBlob(1, 300)
    const blobF = makeBlob(2, 400)
    const anchored = makePost({
      author: friend,
      content: 'a',
      attachments: [{ blob: blobA.id, mime: 'image/png', size: 300 }],
    })
    const forked = makePost({
      author: friend,
      content: 'f',
      attachments: [{ blob: blobF.id, mime: 'image/png', size: 400 }],
    })
    for (const [p, b] of [
      [anchored, blobA],
      [forked, blobF],
    ] as const) {
      store.putPost(p)
      store.putBlob(b.id, b.bytes, 'image/png', p.id)
    }
    pinPost(store.db, me, anchored.id, 'anchor', 10)
    pinPost(store.db, me, forked.id, 'fork', 11)
    store.deletePost(makeDelete(friend, anchored.id))
    store.deletePost(makeDelete(friend, forked.id))
    expect(store.hasBlob(blobA.id)).toBe(false)
    expect(store.hasBlob(blobF.id)).toBe(true)
    const pins = listPins(store.db)
    expect(pins.map((p) => [p.post_id, p.mode, p.original_held])).toEqual([[forked.id, 'fork', false]])
    expect(pins[0]?.bytes).toBe(postCost(forked))
    const copy = store.db.get<{ post_bytes: Uint8Array }>('SELECT post_bytes FROM pins WHERE post_id = ?', [
      forked.id,
    ])
    expect(copy?.post_bytes.length).toBeGreaterThan(0)
    expect(unpinPost(store.db, forked.id)).toBe(true)
    expect(store.hasBlob(blobF.id)).toBe(false)
    expect(listPins(store.db)).toEqual([])
  })

  it('refuses to pin a post that is not held or is one’s own, and writes nothing', async () => {
    const store = await openTestStore()
    const own = makePost({ author: me })
    store.putPost(own)
    const before = dumpTables(store)
    expect(() => pinPost(store.db, me, own.id, 'anchor', 1)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(() => pinPost(store.db, me, makePost({ author: friend }).id, 'fork', 1)).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    )
    expect(() => pinPost(store.db, me, own.id, 'copy' as never, 1)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(dumpTables(store)).toEqual(before)
  })
})
