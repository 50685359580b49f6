import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCli } from './cli.ts'
import { spawnAnchor } from './test-support.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'anchor-'))
  dirs.push(d)
  return d
}

describe('anchor command line', { timeout: 120_000 }, () => {
  it('parses ports, data dir, announce addresses and limits', () => {
    const r = parseCli([
      '--port',
      '4001',
      '--data',
      '/tmp/x',
      '--announce',
      '/dns4/anchor.example/tcp/443/wss',
      '--circuit-bytes',
      '65536',
      '--circuit-seconds',
      '60',
      '--max-reservations',
      '10',
      '--json',
    ])
    expect(r.kind).toBe('run')
    if (r.kind !== 'run') return
    expect(r.json).toBe(true)
    expect(r.config).toMatchObject({
      port: 4001,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      announce: ['/dns4/anchor.example/tcp/443/wss'],
      relay: { defaultDataLimit: 65536n, defaultDurationLimitMs: 60_000, maxReservations: 10 },
    })
  })

  it('serves STUN on 3478 by default, on the port given, or not at all', () => {
    const config = (args: string[]) => {
      const r = parseCli(args)
      return r.kind === 'run' ? r.config.stun : 'help'
    }
    expect(config([])).toEqual({ port: 3478 })
    expect(config(['--stun-port', '5349'])).toEqual({ port: 5349 })
    expect(config(['--no-stun'])).toBe(false)
    expect(config(['--stun-host', '0.0.0.0'])).toEqual({ port: 3478, host: '0.0.0.0' })
  })

  it.each([
    [['--port', 'abc'], /--port/],
    [['--port', '70000'], /--port/],
    [['--bogus'], /bogus/],
    [['--announce', 'not-a-multiaddr'], /--announce/],
    [['--anchor', '/ip4/1.2.3.4/tcp/1/ws'], /--anchor/],
    [['--log-level', 'loud'], /--log-level/],
    [['positional'], /positional|argument/i],
    [['--stun-port', '99999'], /--stun-port/],
    [['--no-stun', '--stun-port', '3478'], /--stun-port/],
    [['--stun-host', 'anchor.example'], /--stun-host/],
  ])('refuses %j with a UsageError', (args, message) => {
    expect(() => parseCli(args)).toThrow(
      expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(message) }),
    )
  })

  it('parses quotas, per-IP caps and the metrics listener; refuses exposed metrics without a token', () => {
    const r = parseCli([
      '--recipient-posts',
      '50',
      '--total-bytes',
      '1000000',
      '--host-connections',
      '8',
      '--host-reservations',
      '2',
      '--host-handshakes',
      '3',
      '--limit-loopback',
      '--exempt-host',
      '127.0.0.1',
      '--exempt-host',
      '::1',
      '--metrics-port',
      '9100',
      '--offender-cool-down',
      '0',
    ])
    expect(r.kind === 'run' && r.config).toMatchObject({
      quota: { perRecipientPosts: 50, totalBytes: 1_000_000 },
      hostLimits: {
        maxConnectionsPerHost: 8,
        maxReservationsPerHost: 2,
        maxHandshakesPerHost: 3,
        limitLoopback: true,
        exemptHosts: ['127.0.0.1', '::1'],
      },
      metricsHost: '127.0.0.1',
      metricsPort: 9100,
      offenders: { coolDownMs: 0 },
    })
    expect(() => parseCli(['--exempt-host', 'proxy.local'])).toThrow(/--exempt-host/)
    expect(() => parseCli(['--metrics-host', '0.0.0.0'])).toThrow(/bearer token/)
    expect(() => parseCli(['--metrics-host', '0.0.0.0'], { DISTSOC_METRICS_TOKEN: 'short' })).toThrow(/token/)
    const exposed = parseCli(['--metrics-host', '0.0.0.0'], { DISTSOC_METRICS_TOKEN: 'a'.repeat(32) })
    expect(exposed.kind === 'run' && exposed.config.metricsToken).toBe('a'.repeat(32))
  })

  it('exits with code 2 and a message on bad arguments', () => {
    const r = spawnSync('npm', ['run', '--silent', 'anchor', '--', '--port', 'nope'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--port: expected an integer')
  })

  it('runs via npm run anchor -- --json and prints one JSON line with its addresses', async () => {
    const data = await tempDir()
    const anchor = await spawnAnchor(['--port', '0', '--data', data, '--log-level', 'warn'], 'npm')
    try {
      expect(Object.keys(anchor.ready).sort()).toEqual(['http', 'metrics', 'multiaddrs', 'nodeId', 'stun'])
      expect(anchor.ready.stun).toMatch(/^stun:127\.0\.0\.1:\d+$/)
      expect(anchor.ready.multiaddrs[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3KooW/)
      const health = (await (await fetch(`${anchor.ready.http}/health`)).json()) as { nodeId: string }
      expect(health).toMatchObject({ status: 'ok', nodeId: anchor.ready.nodeId })
      expect(new URL(anchor.ready.metrics).hostname).toBe('127.0.0.1')
      const text = await (await fetch(`${anchor.ready.metrics}/metrics`)).text()
      expect(text).toMatch(/^distsoc_anchor_process_resident_memory_bytes \d+$/m)
    } finally {
      anchor.signal('SIGTERM')
      await anchor.exited
    }
  })

  it('keeps its identity across restarts and exits 0 on SIGTERM and SIGINT', async () => {
    const data = await tempDir()
    const first = await spawnAnchor(['--port', '0', '--data', data, '--log-level', 'warn'], 'node')
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const second = await spawnAnchor(['--port', '0', '--data', data, '--log-level', 'warn'], 'node')
    expect(second.ready.nodeId).toBe(first.ready.nodeId)
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
  })
})
