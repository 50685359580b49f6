import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../model/index.ts'
import type { PostId } from '../model/types.ts'
import { signHoldingReport, verifyHoldingReport } from './holding-report.ts'
import { ReplicaBook } from './replica-book.ts'

const T = 1_700_000_000_000
const HOUR = 3_600_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()
const post = 'cd'.repeat(32) as PostId

async function report(holder = bob, held = true, at = T) {
  const signed = await signHoldingReport(holder, {
    v: 1,
    holder: holder.nodeId,
    author: alice.nodeId,
    post_id: post,
    held,
    at,
  })
  return verifyHoldingReport(signed, T + HOUR)
}

describe('self-reports update the replica map', () => {
  it('adds a holder on a store report and removes it on a later delete report', async () => {
    const changes: number[] = []
    const book = new ReplicaBook({
      target: 2,
      dropAfterMs: HOUR,
      onChange: (_p, h) => changes.push(h.length),
    })
    book.track(post, alice.nodeId)
    expect(book.applyReport(await report(bob, true, T), T)).toBe(true)
    expect(book.applyReport(await report(carol, true, T), T)).toBe(true)
    expect(book.liveHolders(post, T).sort()).toEqual([bob.nodeId, carol.nodeId].sort())
    expect(book.status(post, T)).toEqual({ live: 2, target: 2, low: false })
    book.applyReport(await report(bob, false, T + 1), T + 1)
    expect(book.liveHolders(post, T + 1)).toEqual([carol.nodeId])
    expect(book.status(post, T + 1).low).toBe(true)
    expect(changes).toEqual([1, 2, 2])
  })

  it('refuses a replayed or older report with ReplayedReportError and changes nothing', async () => {
    const book = new ReplicaBook({ dropAfterMs: HOUR })
    book.track(post, alice.nodeId)
    const store = await report(bob, true, T)
    book.applyReport(await report(bob, false, T + 5), T + 5)
    expect(() => book.applyReport(store, T + 6)).toThrow(
      expect.objectContaining({ name: 'ReplayedReportError' }),
    )
    expect(book.liveHolders(post, T + 6)).toEqual([])
  })

  it('ignores reports on posts it does not track or naming another author', async () => {
    const book = new ReplicaBook()
    expect(book.applyReport(await report(), T)).toBe(false)
    book.track(post, carol.nodeId)
    expect(book.applyReport(await report(), T)).toBe(false)
  })

  it('drops a holder not seen within the timeout, and a proof keeps it live', async () => {
    const book = new ReplicaBook({ dropAfterMs: HOUR })
    book.track(post, alice.nodeId)
    book.applyReport(await report(bob, true, T), T)
    expect(book.liveHolders(post, T + HOUR + 1)).toEqual([])
    book.recordProof(bob.nodeId, post, true, T + HOUR + 1)
    expect(book.liveHolders(post, T + 2 * HOUR)).toEqual([bob.nodeId])
  })

  it('refuses forged and far-future reports with typed errors', async () => {
    const signed = await signHoldingReport(bob, {
      v: 1,
      holder: bob.nodeId,
      author: alice.nodeId,
      post_id: post,
      held: true,
      at: T,
    })
    const forged = { record: { ...signed.record, holder: carol.nodeId }, signature: signed.signature }
    await expect(verifyHoldingReport(forged, T)).rejects.toMatchObject({ name: 'InvalidSignatureError' })
    await expect(verifyHoldingReport(signed, T - HOUR)).rejects.toMatchObject({
      name: 'FutureTimestampError',
    })
    await expect(
      verifyHoldingReport({ record: { ...signed.record, extra: 1 }, signature: signed.signature }, T),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    })
    await expect(
      signHoldingReport(carol, {
        v: 1,
        holder: bob.nodeId,
        author: alice.nodeId,
        post_id: post,
        held: true,
        at: T,
      }),
    ).rejects.toMatchObject({ name: 'ValidationError' })
  })

  it('tracks at most 64 holders of one post (TooLargeError beyond)', async () => {
    const book = new ReplicaBook()
    book.track(post, alice.nodeId)
    for (let i = 0; i < 64; i++) book.recordProof(generateIdentity().nodeId, post, true, T)
    expect(() => book.recordProof(generateIdentity().nodeId, post, true, T)).toThrow(
      expect.objectContaining({ name: 'TooLargeError' }),
    )
    expect(book.holders(post)).toHaveLength(64)
  })
})
