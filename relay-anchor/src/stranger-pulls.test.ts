/**
 * Pulls served to strangers (issue 11): peers that are not the anchor's users share a budget of
 * their own, so a swarm of throwaway peers holding silent sync streams over real libp2p cannot
 * take the anchor from its users — the next stranger is refused, a user checks in and pulls.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, describe, expect, it } from 'vitest'
import type { NodeId } from '../../src/core/model/index.ts'
import { TestNodes, waitFor } from '../../src/core/net/test-support/nodes.ts'
import { SYNC_PROTOCOL, syncWithPeer } from '../../src/core/sync/index.ts'
import { MemorySyncStore } from '../../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'
import { startAnchor } from './anchor.ts'
import { syncMailbox } from './sync-mailbox.ts'
import { honestUserOnline } from './test-support.ts'

const nodes = new TestNodes()
const stops: Array<() => Promise<unknown>> = []
afterAll(async () => {
  await nodes.stopAll()
  for (const stop of stops.reverse()) await stop()
})

describe('pulls served to strangers', { timeout: 60_000 }, () => {
  it('refuses a stranger past the strangers’ budget while a user checks in and pulls its mailbox', async () => {
    const anchor = await startAnchor({
      logLevel: 'silent',
      // the silent streams outlive the test
      mailbox: syncMailbox({
        minIntervalMs: 0,
        readTimeoutMs: 30_000,
        strangerPulls: { concurrent: 2, perSecond: 100 },
      }),
    })
    stops.push(() => anchor.stop())
    const addr = multiaddr(anchor.multiaddrs[0]!)

    // two throwaway peers open a sync stream each and say nothing: they hold the strangers' slots
    for (let i = 0; i < 2; i++) {
      const hostile = await nodes.create({ listen: [] })
      await hostile.dial(addr)
      await hostile.dialProtocol(addr, SYNC_PROTOCOL)
    }
    const late = await nodes.create({ listen: [] })
    await late.dial(addr)
    const stranger = () =>
      syncWithPeer(
        late,
        anchor.libp2p.peerId,
        { store: new MemorySyncStore(), verifier: modelVerifier },
        { wants: [late.peerId.toString() as NodeId] },
      )
    await expect(stranger()).rejects.toMatchObject({ name: 'SyncBusyError' })

    // a user's check-in completes, and its own pull from the anchor is served
    const user = await honestUserOnline(anchor.multiaddrs[0]!)
    stops.push(async () => user.stop())
    await waitFor(() => anchor.metrics.counters.checkIns >= 1 && anchor.mailbox.stats().posts >= 1, 10_000)
    const mine = new MemorySyncStore()
    const result = await syncWithPeer(
      user,
      anchor.libp2p.peerId,
      { store: mine, verifier: modelVerifier },
      { wants: [user.peerId.toString() as NodeId] },
    )
    expect(result.received.posts).toBe(1)
    await expect(stranger()).rejects.toMatchObject({ name: 'SyncBusyError' })
    const text = await (await fetch(`${anchor.metricsUrl}/metrics`)).text()
    expect(text).toContain('distsoc_anchor_pulls_refused_total{reason="strangers-busy"} 2')
  })
})
