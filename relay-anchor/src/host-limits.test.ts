import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, describe, expect, it } from 'vitest'
import { TestNodes, waitFor } from '../../src/core/net/test-support/nodes.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import { HostLimiter, hostGroup } from './host-limits.ts'
import { AnchorMetrics } from './metrics.ts'
import { startMetricsServer } from './metrics-server.ts'

const nodes = new TestNodes()
const anchors: RunningAnchor[] = []
afterAll(async () => {
  await nodes.stopAll()
  for (const a of anchors) await a.stop()
})

async function anchorWith(hostLimits: Parameters<typeof startAnchor>[0]) {
  const anchor = await startAnchor({ logLevel: 'silent', ...hostLimits })
  anchors.push(anchor)
  return anchor
}

const hasCircuit = (n: Awaited<ReturnType<typeof nodes.create>>) =>
  n.getMultiaddrs().some((m) => m.toString().includes('/p2p-circuit'))

describe('per-IP caps at the anchor', { timeout: 60_000 }, () => {
  it('refuses a relay reservation past the per-IP cap, and counts it', async () => {
    const anchor = await anchorWith({
      hostLimits: { maxReservationsPerHost: 2, limitLoopback: true, newConnectionsPerHostPerSecond: 100 },
    })
    const circuit = `${anchor.multiaddrs[0]}/p2p-circuit`
    const first = await nodes.create({ listen: [circuit] })
    const second = await nodes.create({ listen: [circuit] })
    await waitFor(() => hasCircuit(first) && hasCircuit(second))
    // the third one from the same IP is denied: a node that must listen there fails to start
    await expect(nodes.create({ listen: [circuit] })).rejects.toThrow(/PERMISSION_DENIED/)
    expect(anchor.metrics.counters.reservationsRefused).toBe(1)
    expect(anchor.metrics.snapshot()['reservations']).toBe(2)
  })

  it('refuses connections past the per-IP cap', async () => {
    const anchor = await anchorWith({
      hostLimits: { maxConnectionsPerHost: 2, limitLoopback: true, newConnectionsPerHostPerSecond: 100 },
    })
    const addr = multiaddr(anchor.multiaddrs[0]!)
    for (let i = 0; i < 2; i++) await (await nodes.create({ listen: [] })).dial(addr)
    await expect((await nodes.create({ listen: [] })).dial(addr)).rejects.toThrow()
    expect(anchor.metrics.counters.connectionsRefused).toBeGreaterThanOrEqual(1)
  })

  it('caps new connections per second per IP', async () => {
    const anchor = await anchorWith({
      hostLimits: { newConnectionsPerHostPerSecond: 2, limitLoopback: true },
    })
    const addr = multiaddr(anchor.multiaddrs[0]!)
    const clients = await Promise.all([0, 1, 2, 3].map(() => nodes.create({ listen: [] })))
    const results = await Promise.allSettled(clients.map((c) => c.dial(addr)))
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThanOrEqual(1)
    expect(anchor.metrics.counters.connectionsRefused).toBeGreaterThanOrEqual(1)
  })

  it('leaves loopback alone by default (behind a reverse proxy every client is 127.0.0.1)', () => {
    let refused = 0
    const limiter = new HostLimiter(
      {
        maxConnectionsPerHost: 1,
        newConnectionsPerHostPerSecond: 1,
        maxReservationsPerHost: 1,
        maxHandshakesPerHost: 1,
        limitLoopback: false,
      },
      () => refused++,
    )
    const gater = limiter.gater()
    const conn = (ip: string) =>
      ({ remoteAddr: multiaddr(`/ip4/${ip}/tcp/1/ws`), addEventListener() {} }) as never
    for (let i = 0; i < 5; i++) expect(gater.denyInboundConnection?.(conn('127.0.0.1'))).toBe(false)
    expect(gater.denyInboundConnection?.(conn('203.0.113.7'))).toBe(false)
    expect(gater.denyInboundConnection?.(conn('203.0.113.7'))).toBe(true)
    expect(refused).toBe(1)
    expect(hostGroup('203.0.113.7')).toBe('203.0.113.0/24')
    expect(hostGroup('2001:db8:1:2::5')).toBe('2001:db8:1::/48')
  })
})

describe('metrics listener', () => {
  it('refuses to expose metrics off loopback without a token, and checks the bearer token', async () => {
    const metrics = new AnchorMetrics()
    await expect(startMetricsServer('0.0.0.0', 0, metrics)).rejects.toMatchObject({ name: 'ValidationError' })
    const token = 'secret-token-of-32-characters-xx'
    const server = await startMetricsServer('127.0.0.1', 0, metrics, token)
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
      expect(
        (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401)
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
      expect(ok.status).toBe(200)
      expect(await ok.text()).toContain('# TYPE distsoc_anchor_connections gauge')
      expect((await fetch(`${server.url}/health`)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('reads gauges from kept numbers at scrape time, never from a table', async () => {
    const metrics = new AnchorMetrics()
    let calls = 0
    metrics.gauges = { ...metrics.gauges, storedPosts: () => ++calls * 0 + 42 }
    const server = await startMetricsServer('127.0.0.1', 0, metrics)
    try {
      const text = await (await fetch(`${server.url}/metrics`)).text()
      expect(text).toContain('distsoc_anchor_stored_posts 42\n')
      expect(calls).toBe(1)
    } finally {
      await server.close()
    }
  })
})
