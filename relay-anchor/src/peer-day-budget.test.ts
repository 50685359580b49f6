/**
 * Issue 11: the anchor's per-day budget per peer, over real libp2p on 127.0.0.1. A hostile user whose
 * every check-in brings posts of throwaway authors (messages "for" it) gets at most the day's budget
 * of them stored across check-ins and across a restart of the anchor; the rest are refused with
 * AdmissionRefusedError and counted; its own posts still get in, and an honest user's check-in in
 * the same run is pulled in full.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import type { DistsocLibp2p } from '../../src/core/net/index.ts'
import { waitFor } from '../../src/core/net/test-support/nodes.ts'
import { SYNC_PROTOCOL } from '../../src/core/sync/index.ts'
import { anchoredSyncUser } from '../../src/core/sync/test-support/anchored-user.ts'
import { generateIdentity, type Identity, makePost } from '../../src/core/sync/test-support/fixtures.ts'
import { floodFromThrowaways } from '../../src/core/sync/test-support/hostile.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import { syncMailbox } from './sync-mailbox.ts'

const BUDGET = 20

const cleanup: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function anchorOn(dataDir: string): Promise<RunningAnchor> {
  const anchor = await startAnchor({
    logLevel: 'silent',
    dataDir,
    mailbox: syncMailbox({ minIntervalMs: 0, peerDay: { posts: BUDGET } }),
  })
  cleanup.push(() => anchor.stop())
  return anchor
}

/** A user whose profile lists `anchor`; `hostile` hands over everything it holds, asked for or not. */
const user = (identity: Identity, anchor: RunningAnchor, hostile: boolean) =>
  anchoredSyncUser(identity, anchor.libp2p.peerId.toString(), hostile, cleanup)

describe("the anchor's per-day budget per peer", () => {
  it('stores at most the day’s budget of what one peer brings unasked, across check-ins and a restart', {
    timeout: 180_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchor-peer-day-'))
    cleanup.push(() => rm(dir, { recursive: true, force: true }))
    let anchor = await anchorOn(dir)
    const carrierId = generateIdentity()
    const carrier = await user(carrierId, anchor, true)
    const ended = () => anchor.metrics.counters.checkIns + anchor.metrics.counters.checkInFailures
    const checkIn = async (node: DistsocLibp2p): Promise<void> => {
      const before = ended()
      await node.hangUp(anchor.libp2p.peerId)
      await node.dial(multiaddr(anchor.multiaddrs[0]!))
      await waitFor(() => ended() > before, 30_000)
    }
    const seedFlood = async (count: number, at: number) => {
      for (const p of await floodFromThrowaways(carrierId.nodeId, count, at, 500))
        carrier.store.seedPost(p.post)
    }
    // the first check-in brings the profile that lists the anchor
    await checkIn(carrier.node)
    const base = anchor.mailbox.stats().posts

    // 15 unasked posts, under one session's cap and under the day's budget: all kept
    await seedFlood(15, Date.now() - 60 * 60_000)
    await checkIn(carrier.node)
    expect(anchor.mailbox.stats().posts).toBe(base + 15)
    expect(anchor.metrics.rejectedTotal(SYNC_PROTOCOL)).toBe(0)

    // a restart on the same data directory, then 15 more and one post of the carrier's own:
    // only the 5 left of the day's budget are kept, its own post is not charged
    await anchor.stop()
    anchor = await anchorOn(dir)
    await seedFlood(15, Date.now() - 30 * 60_000)
    carrier.store.seedPost((await makePost(carrierId, Date.now() - 1000)).post)
    await checkIn(carrier.node)
    expect(anchor.mailbox.stats().posts).toBe(base + BUDGET + 1)
    expect(anchor.metrics.rejectedTotal(SYNC_PROTOCOL)).toBe(10)
    expect(await anchor.metrics.prometheus()).toMatch(/reason="AdmissionRefusedError"[^\n]*\} 10/)

    // the next check-in of the day keeps none of it
    await seedFlood(5, Date.now() - 10 * 60_000)
    await checkIn(carrier.node)
    expect(anchor.mailbox.stats().posts).toBe(base + BUDGET + 1)

    // an honest user's check-in in the same run is pulled in full
    const honestId = generateIdentity()
    const honest = await user(honestId, anchor, false)
    for (const i of [1, 2, 3]) honest.store.seedPost((await makePost(honestId, Date.now() - i * 1000)).post)
    const held = anchor.mailbox.stats().posts
    await honest.node.dial(multiaddr(anchor.multiaddrs[0]!))
    await waitFor(() => anchor.mailbox.stats().posts >= held + 3, 30_000)
  })
})
