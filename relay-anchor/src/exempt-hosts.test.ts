/**
 * The per-IP caps with the exemption narrowed to one IP (issue 11): a hostile host on 127.0.0.2 is
 * capped over real libp2p, while an honest user on the exempt 127.0.0.1 still checks in; a host
 * that stalls its handshakes cannot fill the anchor's pending-handshake cap.
 */
import type { Libp2p } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, describe, expect, it } from 'vitest'
import { TestNodes, waitFor } from '../../src/core/net/test-support/nodes.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import { syncMailbox } from './sync-mailbox.ts'
import { dialFrom, honestUserOnline } from './test-support.ts'

let source: string | undefined
await dialFrom(() => source)
const nodes = new TestNodes()
const stops: Array<() => Promise<unknown>> = []
afterAll(async () => {
  await nodes.stopAll()
  for (const stop of stops.reverse()) await stop()
})

describe('per-IP caps with exempt hosts', { timeout: 60_000 }, () => {
  it('caps the rest of loopback when only 127.0.0.1 is exempt; an honest check-in from 127.0.0.1 completes', async () => {
    const anchor: RunningAnchor = await startAnchor({
      logLevel: 'silent',
      hostLimits: {
        exemptHosts: ['127.0.0.1'],
        maxConnectionsPerHost: 3,
        newConnectionsPerHostPerSecond: 100,
      },
      mailbox: syncMailbox({ minIntervalMs: 0 }),
    })
    stops.push(() => anchor.stop())
    const addr = anchor.multiaddrs[0]!
    source = '127.0.0.2'
    const hostile: PromiseSettledResult<unknown>[] = []
    for (let i = 0; i < 6; i++) {
      const node = await nodes.create({ listen: [] })
      hostile.push(...(await Promise.allSettled([node.dial(multiaddr(addr))])))
    }
    expect(hostile.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(anchor.metrics.counters.connectionsRefused).toBe(3)

    // the exempt host is not capped: five connections, and a user's check-in among them
    source = undefined
    const exempt: Libp2p[] = []
    for (let i = 0; i < 4; i++) {
      const node = await nodes.create({ listen: [] })
      await node.dial(multiaddr(addr))
      exempt.push(node)
    }
    const user = await honestUserOnline(addr)
    stops.push(async () => user.stop())
    await waitFor(() => anchor.metrics.counters.checkIns >= 1 && anchor.mailbox.stats().posts >= 1, 10_000)
    expect(anchor.metrics.counters.connectionsRefused).toBe(3)
    expect(exempt.every((n) => n.getConnections().length === 1)).toBe(true)
  })

  it('lets one host stall only a few handshakes, so a user still gets a pending slot and checks in', async () => {
    const anchor = await startAnchor({
      logLevel: 'silent',
      hostLimits: {
        exemptHosts: ['127.0.0.1'],
        maxHandshakesPerHost: 2,
        newConnectionsPerHostPerSecond: 100,
      },
      maxPendingConnections: 4,
      mailbox: syncMailbox({ minIntervalMs: 0 }),
    })
    stops.push(() => anchor.stop())
    const addr = anchor.multiaddrs[0]!
    const ma = multiaddr(addr).getComponents()
    const url = `ws://127.0.0.1:${ma.find((c) => c.name === 'tcp')?.value}`
    // six WebSockets from 127.0.0.2 that never start the noise handshake
    source = '127.0.0.2'
    const stalled = Array.from({ length: 6 }, () => new WebSocket(url))
    source = undefined
    stops.push(async () => {
      for (const ws of stalled) ws.close()
    })
    await waitFor(() => stalled.every((ws) => ws.readyState !== WebSocket.CONNECTING), 5000)
    // the anchor has met all six (the refused are closed at once, the rest sit in their handshake)
    await new Promise((r) => setTimeout(r, 300))

    const user = await honestUserOnline(addr)
    stops.push(async () => user.stop())
    await waitFor(() => anchor.metrics.counters.checkIns >= 1 && anchor.mailbox.stats().posts >= 1, 10_000)
    expect(anchor.metrics.counters.connectionsRefused).toBe(4)
  })
})
