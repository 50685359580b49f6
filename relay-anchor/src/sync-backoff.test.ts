/**
 * Issue 11: a peer that re-sends its refused flood at every check-in is backed off by the anchor
 * over real libp2p on 127.0.0.1 — its next pulls are cut after a few refused items, then not made
 * at all, counted in /metrics by reason; the cool-down is kept in the mailbox database across a
 * restart; an honest user's check-in in the same run completes.
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

const cleanup: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function anchorOn(dataDir: string): Promise<RunningAnchor> {
  const anchor = await startAnchor({
    logLevel: 'silent',
    dataDir,
    mailbox: syncMailbox({ minIntervalMs: 0 }),
  })
  cleanup.push(() => anchor.stop())
  return anchor
}

/** A user whose profile lists `anchor`; `hostile` hands over everything it holds, asked for or not. */
const user = (identity: Identity, anchor: RunningAnchor, hostile: boolean) =>
  anchoredSyncUser(identity, anchor.libp2p.peerId.toString(), hostile, cleanup)

describe('anchor backoff of a peer that re-sends its refused flood', () => {
  it('cuts its next check-ins short, then skips them, across a restart; an honest check-in completes', {
    timeout: 180_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchor-backoff-'))
    cleanup.push(() => rm(dir, { recursive: true, force: true }))
    let anchor = await anchorOn(dir)
    const flooderId = generateIdentity()
    const flooder = await user(flooderId, anchor, true)
    const checkIn = async (node: DistsocLibp2p, done: () => number): Promise<void> => {
      const before = done()
      await node.hangUp(anchor.libp2p.peerId)
      await node.dial(multiaddr(anchor.multiaddrs[0]!))
      await waitFor(() => done() > before, 30_000)
    }
    const ended = () => anchor.metrics.counters.checkIns + anchor.metrics.counters.checkInFailures
    const refused = () => anchor.metrics.rejectedTotal(SYNC_PROTOCOL)
    // the first check-in brings the profile that lists the anchor, nothing else yet
    await checkIn(flooder.node, ended)
    for (const p of await floodFromThrowaways(flooderId.nodeId, 300, Date.now() - 60 * 60_000, 500)) {
      flooder.store.seedPost(p.post)
    }
    const cost: number[] = []
    for (let i = 0; i < 4; i++) {
      const before = refused() + anchor.mailbox.stats().posts
      await checkIn(flooder.node, ended)
      cost.push(refused() + anchor.mailbox.stats().posts - before)
    }
    // the first pull reads the whole flood (20 kept, 280 refused); the next two are cut, the fourth skipped
    expect(cost[0]).toBe(300)
    expect(cost[1]).toBeLessThan(60)
    expect(cost[2]).toBeLessThan(60)
    expect(cost[3]).toBe(0)
    const counted = (r: string) => anchor.metrics.backoffTotal(r)
    expect([counted('struck'), counted('shortened'), counted('refused')]).toEqual([3, 2, 1])
    expect(await anchor.metrics.prometheus()).toMatch(
      /distsoc_anchor_sync_backoff_total\{reason="refused"\} 1/,
    )

    // a restart on the same data directory: the cool-down is still there
    await anchor.stop()
    anchor = await anchorOn(dir)
    await checkIn(flooder.node, ended)
    expect(anchor.metrics.backoffTotal('refused')).toBe(1)
    expect(anchor.metrics.rejectedTotal(SYNC_PROTOCOL)).toBe(0)

    // an honest user's check-in in the same run is pulled in full
    const honestId = generateIdentity()
    const honest = await user(honestId, anchor, false)
    for (const i of [1, 2, 3]) honest.store.seedPost((await makePost(honestId, Date.now() - i * 1000)).post)
    const held = anchor.mailbox.stats().posts
    await honest.node.dial(multiaddr(anchor.multiaddrs[0]!))
    await waitFor(() => anchor.mailbox.stats().posts >= held + 3, 30_000)
    expect(anchor.metrics.backoffTotal('shortened') + anchor.metrics.backoffTotal('struck')).toBe(0)
  })
})
