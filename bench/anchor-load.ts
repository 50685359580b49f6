/**
 * Anchor under a storm (issue 11), loopback only, bounded in time and count: a real anchor
 * process; a storm child opens 1,000 connections at 200/s (a third of them slow responders that
 * hold every check-in pull they get) and then runs 10,000 sync streams (oversize prefixes, random
 * bytes, silent streams, hellos for unknown authors). Meanwhile 20 honest users check in (reconnect
 * and have a new post pulled). Reported: the anchor's peak RSS, honest check-in p50/p95 unloaded
 * vs loaded, and whether every post the anchor acknowledged (pulled) is still served afterwards.
 * `node … bench/anchor-load.ts storm <addr> <connections> <streams> <from>` is the storm child;
 * its nodes run identify, so the anchor checks the slow responders in. `LOAD_STORM_FROM` says where
 * it comes from (see STORM_FROM).
 * Where the time goes: the CPU seconds of the anchor, the storm child and this process (the honest
 * clients) during the storm, against the wall time × cores; the storm child runs at nice 19 (the
 * attacker's CPU is not the anchor's in reality; `LOAD_STORM_NICE=0` runs it un-niced), and
 * `LOAD_ANCHOR_PROF=<dir>` writes a `--cpu-prof` of the anchor there, `LOAD_OFFENDER_COOL_DOWN=0` turns
 * the offender cut off (offenders.ts; default: the anchor's 60 s). A loaded check-in is split
 * into its phases (connect, until the anchor opens its pull, the pull) next to the anchor's
 * event-loop delay, so the report says where the time goes.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import type { Libp2p, Stream } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { dialFrom, spawnAnchor } from '../relay-anchor/src/test-support.ts'
import { libp2pPrivateKey, signProfile } from '../src/core/model/index.ts'
import type { NodeId } from '../src/core/model/types.ts'
import { encodeFrame, registerSyncProtocol, SYNC_PROTOCOL, syncWithPeer } from '../src/core/sync/index.ts'
import {
  generateIdentity,
  type Identity,
  makePost,
  storeWith,
} from '../src/core/sync/test-support/fixtures.ts'
import { MemorySyncStore } from '../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../src/core/sync/test-support/model-verifier.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const CONNECTIONS = Number(process.env['LOAD_CONNECTIONS'] ?? 1000)
const STREAMS = Number(process.env['LOAD_STREAMS'] ?? 10_000)
const HONEST = 20
const STORM_DEADLINE_MS = 120_000
/** The storm runs at nice 19 unless `LOAD_STORM_NICE` says otherwise (`0`: not niced). */
const STORM_NICE = process.env['LOAD_STORM_NICE'] ?? '19'
const ANCHOR_PROF = process.env['LOAD_ANCHOR_PROF']
/**
 * Where the storm comes from. `sybil` (default): 50 IPs (127.0.1.1–50), each below the anchor's
 * per-IP caps, which are on for all but the honest users' 127.0.0.1 (`--exempt-host`: they stand
 * for users on addresses of their own); `attacker`: one IP, 127.0.0.2, the caps cut it; `loopback`:
 * 127.0.0.1 like the users, exempt from the caps (the bench before --exempt-host).
 */
/** `--offender-cool-down` of the anchor, seconds (unset: its default). */
const OFFENDER_COOL_DOWN = process.env['LOAD_OFFENDER_COOL_DOWN']
const STORM_FROM = (process.env['LOAD_STORM_FROM'] ?? 'sybil') as 'sybil' | 'attacker' | 'loopback'
const SYBIL_HOSTS = 50
const STORM_SOURCES = {
  sybil: `${SYBIL_HOSTS} IPs, each below the per-IP caps`,
  attacker: 'one IP (127.0.0.2), per-IP caps on',
  loopback: "the users' 127.0.0.1, exempt from the per-IP caps",
} as const

/** The source IP of each WebSocket the storm dials. */
function stormSource(from: string): () => string | undefined {
  let dials = 0
  if (from === 'attacker') return () => '127.0.0.2'
  if (from === 'sybil') return () => `127.0.1.${(dials++ % SYBIL_HOSTS) + 1}`
  return () => undefined
}
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100

/** A stock js-libp2p node; `identified`: it runs identify, so the anchor learns what it speaks. */
function stockNode(identified = false): Promise<Libp2p> {
  return createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: false },
    ...(identified ? { services: { identify: identify() } } : {}),
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One hostile stream; resolves however it ends, within 3 s. */
async function hostileStream(node: Libp2p, addr: string, kind: number): Promise<void> {
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(multiaddr(addr), SYNC_PROTOCOL, { signal: AbortSignal.timeout(3000) })
    const s = stream
    const drained = (async () => {
      for await (const _ of s) {
      }
    })().catch(() => {})
    if (kind === 0) {
      s.send(Uint8Array.of(0x80, 0x80, 0x80, 0x02))
      s.send(new Uint8Array(64 * 1024))
    } else if (kind === 1) {
      s.send(crypto.getRandomValues(new Uint8Array(1024)))
    } else if (kind === 2) {
      s.send(
        encodeFrame({
          type: 'hello',
          v: 1,
          wants: [[crypto.getRandomValues(new Uint8Array(32)), new Uint8Array(16)]],
        }),
      )
    }
    // kind 3: silent
    await Promise.race([drained, sleep(3000)])
  } catch {
    // refused or reset: what the anchor should do
  } finally {
    stream?.abort(new Error('bench'))
  }
}

/** The storm child. */
async function storm(addr: string, connections: number, streams: number, from: string): Promise<void> {
  await dialFrom(stormSource(from))
  const nodes: Libp2p[] = []
  const deadline = Date.now() + STORM_DEADLINE_MS
  let opened = 0
  const dials: Promise<void>[] = []
  for (let i = 0; i < connections && Date.now() < deadline; i += 20) {
    for (let j = 0; j < 20; j++) {
      dials.push(
        (async () => {
          // identify tells the anchor which of them speak sync, so it checks those in
          const node = await stockNode(true)
          nodes.push(node)
          // a slow responder: takes the anchor's check-in pull and never answers
          if ((i + j) % 3 === 0) await node.handle(SYNC_PROTOCOL, () => {}, { maxInboundStreams: 8 })
          await node.dial(multiaddr(addr))
          opened++
        })().catch(() => {}),
      )
    }
    await sleep(100)
  }
  await Promise.all(dials)
  console.log(`connected ${opened}`)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < streams && Date.now() < deadline) {
      const n = next++
      const node = nodes[n % nodes.length]
      if (node !== undefined) await hostileStream(node, addr, n % 4)
      done++
    }
  }
  await Promise.all(Array.from({ length: 200 }, worker))
  console.log(`streams ${done}`)
  await Promise.allSettled(nodes.map((n) => n.stop()))
  process.exit(0)
}

/** Reads VmRSS of `pid` in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
}

/** CPU seconds (user + system) used so far by `pid`, from /proc/<pid>/stat. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is the state (field 3); utime and stime are fields 14 and 15
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ
}

/** CPU seconds of this process (the honest clients run here). */
function ownCpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** An honest user: a profile listing the anchor and its posts so far. */
interface Honest {
  identity: Identity
  posts: Awaited<ReturnType<typeof makePost>>[]
}

/** Where one check-in's time went, ms from its dial: connected, the anchor's pull stream opened, pull served. */
interface CheckInPhases {
  connected: number
  pullOpened: number
  served: number
}

/**
 * One check-in: the user comes online with a new post; its phases until the anchor's pull of it is
 * done. The node keeps serving until the anchor has made `pulls` pulls: on a user's first check-in
 * the profile that lists the anchor arrives during the first pull, and the anchor pulls again.
 */
async function checkIn(user: Honest, anchorAddr: string, pulls = 1): Promise<CheckInPhases> {
  user.posts.push(await makePost(user.identity, Date.now() - 1000, { content: `post ${user.posts.length}` }))
  const store = storeWith(user.posts)
  store.seedProfile(
    await signProfile(user.identity, {
      v: 1,
      author: user.identity.nodeId,
      display_name: 'honest',
      bio: '',
      anchors: [anchorAddr],
      updated_at: Date.now() - 60_000,
    }),
  )
  const node = await createLibp2p({
    privateKey: libp2pPrivateKey(user.identity),
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // the anchor checks a peer in when identify tells it the peer speaks sync
    services: { identify: identify() },
  })
  let served: () => void = () => {}
  const pulled = new Promise<void>((r) => {
    served = r
  })
  let lastServed: () => void = () => {}
  const allPulled = new Promise<void>((r) => {
    lastServed = r
  })
  let servedCount = 0
  const onServed = () => {
    servedCount++
    if (servedCount === 1) served()
    if (servedCount === pulls) lastServed()
  }
  let start = 0
  let pullOpened = Number.NaN
  const marked = {
    handle: (...[protocol, handler, options]: Parameters<Libp2p['handle']>) =>
      node.handle(
        protocol,
        (stream, connection) => {
          if (Number.isNaN(pullOpened)) pullOpened = performance.now() - start
          return handler(stream, connection)
        },
        options,
      ),
  }
  await registerSyncProtocol(marked, {
    store,
    verifier: modelVerifier,
    logger: { debug: (event) => event === 'sync:served' && onServed(), warn: () => {} },
  })
  start = performance.now()
  try {
    await node.dial(multiaddr(anchorAddr))
    const connected = performance.now() - start
    const timeout = () => sleep(60_000).then(() => Promise.reject(new Error('check-in timed out')))
    await Promise.race([pulled, timeout()])
    const phases = { connected, pullOpened, served: performance.now() - start }
    if (pulls > 1) await Promise.race([allPulled, timeout()])
    return phases
  } finally {
    await node.stop()
  }
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`

/** "p50 / p95 ms" of one phase of each check-in. */
function phaseText(phases: CheckInPhases[], of: (p: CheckInPhases) => number): string {
  const values = phases.map(of)
  return `${percentile(values, 50).toFixed(0)} / ${percentile(values, 95).toFixed(0)} ms`
}

/** The anchor's /metrics as JSON. */
async function metricsOf(
  metricsUrl: string,
): Promise<{ rejected_frames: Array<{ count: number }>; counters: Record<string, number> }> {
  return (await (await fetch(`${metricsUrl}/metrics?format=json`)).json()) as never
}

async function countersOf(metricsUrl: string): Promise<Record<string, number>> {
  return (await metricsOf(metricsUrl)).counters
}

/** The anchor's pull counters that tell whether honest pulls were queued or dropped. */
function counterText(counters: Record<string, number>): string {
  return [
    'checkIns',
    'checkInFailures',
    'pullsDropped',
    'connectionsRefused',
    'offendersCut',
    'offendersRefused',
  ]
    .map((name) => `${name} ${counters[name] ?? 0}`)
    .join(', ')
}

/**
 * Scrapes the anchor's event-loop delay (prom-client resets its histogram on each scrape) every
 * 2 s until stopped: the p99 and max of each interval, in seconds.
 */
function sampleEventLoopLag(metricsUrl: string): { stop: () => { p99: number[]; max: number[] } } {
  const p99: number[] = []
  const max: number[] = []
  const read = (text: string, name: string) =>
    Number(new RegExp(`^distsoc_anchor_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1])
  // the first scrape ends the histogram's idle history
  void fetch(`${metricsUrl}/metrics`).catch(() => {})
  const timer = setInterval(() => {
    fetch(`${metricsUrl}/metrics`)
      .then((r) => r.text())
      .then((text) => {
        p99.push(read(text, 'p99'))
        max.push(read(text, 'max'))
      })
      .catch(() => {})
  }, 2000)
  return {
    stop: () => {
      clearInterval(timer)
      return { p99, max }
    },
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Check-ins that failed (handshake or pull), counted instead of ending the bench. */
const failedCheckIns: string[] = []

async function round(users: Honest[], addr: string, pulls = 1): Promise<CheckInPhases[]> {
  const times: CheckInPhases[] = []
  for (const u of users) {
    try {
      times.push(await checkIn(u, addr, pulls))
    } catch (err) {
      failedCheckIns.push(err instanceof Error ? err.name : String(err))
      // the post of a failed check-in was never acknowledged: it is not expected back
      u.posts.pop()
    }
  }
  return times
}

/** How many of the honest users' posts the anchor serves back. */
async function servedBack(users: Honest[], addr: string, anchorId: string): Promise<number> {
  const reader = await stockNode()
  try {
    await reader.dial(multiaddr(addr))
    const store = new MemorySyncStore()
    const { peerIdFromString } = await import('@libp2p/peer-id')
    await syncWithPeer(
      reader,
      peerIdFromString(anchorId),
      { store, verifier: modelVerifier },
      { wants: users.map((u) => u.identity.nodeId as NodeId) },
    )
    return store.posts.size
  } finally {
    await reader.stop()
  }
}

function startStorm(addr: string): {
  child: ChildProcess
  connected: Promise<number>
  done: Promise<number>
} {
  const node = [
    process.execPath,
    '--import',
    './scripts/register-polyfills.mjs',
    '--import',
    'tsx',
    'bench/anchor-load.ts',
    'storm',
    addr,
    String(CONNECTIONS),
    String(STREAMS),
    STORM_FROM,
  ]
  const [program, ...args] = STORM_NICE === '0' ? node : ['nice', '-n', STORM_NICE, ...node]
  const child = spawn(program as string, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const wait = (prefix: string) =>
    new Promise<number>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.startsWith(prefix)) resolve(Number(line.split(' ')[1]))
      })
      // 'close' comes after the child's stdout ended, so its last line was read first
      child.once('close', () => reject(new Error(`storm exited before "${prefix}"`)))
    })
  return { child, connected: wait('connected'), done: wait('streams') }
}

/** Runs the load bench. */
export async function runAnchorLoadBench(): Promise<BenchSection> {
  const data = await mkdtemp(join(tmpdir(), 'anchor-load-'))
  const anchor = await spawnAnchor(
    [
      '--port',
      '0',
      '--data',
      data,
      '--log-level',
      process.env['LOAD_ANCHOR_LOG'] ?? 'error',
      '--max-connections',
      '3000',
      '--inbound-rate',
      '1000',
      '--check-in-interval',
      '0',
      // the users' 127.0.0.1 only: a storm from any other address meets the per-IP caps
      ...(STORM_FROM === 'loopback' ? [] : ['--exempt-host', '127.0.0.1']),
      // `LOAD_OFFENDER_COOL_DOWN=0`: the storm's bad frames cut nobody (the anchor before offenders.ts)
      ...(OFFENDER_COOL_DOWN === undefined ? [] : ['--offender-cool-down', OFFENDER_COOL_DOWN]),
    ],
    'node',
    process.cwd(),
    60_000,
    ANCHOR_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${ANCHOR_PROF}`],
  )
  const pid = anchor.child.pid!
  const addr = anchor.ready.multiaddrs[0]!
  const figures: BenchFigure[] = []
  let stormChild: ChildProcess | undefined
  try {
    const users: Honest[] = Array.from({ length: HONEST }, () => ({
      identity: generateIdentity(),
      posts: [],
    }))
    await round(users, addr, 2) // first check-in: the anchor learns the profiles, and pulls again
    const quietAnchorCpu = await cpuSecondsOf(pid)
    const quietOwnCpu = ownCpuSeconds()
    const quietStart = Date.now()
    const unloaded = await round(users, addr)
    const quiet = {
      anchor: (await cpuSecondsOf(pid)) - quietAnchorCpu,
      own: ownCpuSeconds() - quietOwnCpu,
      wall: (Date.now() - quietStart) / 1000,
    }
    const idleRss = await rssOf(pid)
    const quietCounters = await countersOf(anchor.ready.metrics)

    let peakRss = idleRss
    const sampler = setInterval(() => {
      rssOf(pid).then(
        (r) => {
          peakRss = Math.max(peakRss, r)
        },
        () => {},
      )
    }, 250)
    const load1 = os.loadavg()[0] ?? 0
    const anchorCpu0 = await cpuSecondsOf(pid)
    const ownCpu0 = ownCpuSeconds()
    let stormCpu = 0
    const stormStart = Date.now()
    const s = startStorm(addr)
    stormChild = s.child
    const stormPid = s.child.pid as number
    const stormSampler = setInterval(() => {
      cpuSecondsOf(stormPid).then(
        (c) => {
          stormCpu = Math.max(stormCpu, c)
        },
        () => {},
      )
    }, 250)
    const loaded: CheckInPhases[] = []
    const lag = sampleEventLoopLag(anchor.ready.metrics)
    let streamsDone: number | undefined
    void s.done.then(
      (n) => {
        streamsDone = n
      },
      () => {
        streamsDone = -1
      },
    )
    const connected = await s.connected
    while (streamsDone === undefined && Date.now() - stormStart < STORM_DEADLINE_MS) {
      loaded.push(...(await round(users.slice(0, 5), addr)))
    }
    const loadedEnd = Date.now()
    const lags = lag.stop()
    const anchorCpu = (await cpuSecondsOf(pid)) - anchorCpu0
    const ownCpu = ownCpuSeconds() - ownCpu0
    const loadedWall = (loadedEnd - stormStart) / 1000
    const streams = await Promise.race([s.done.catch(() => -1), sleep(10_000).then(() => -1)])
    clearInterval(sampler)
    clearInterval(stormSampler)
    const stormSeconds = (Date.now() - stormStart) / 1000
    const load2 = os.loadavg()[0] ?? 0
    const alive = (await fetch(`${anchor.ready.http}/health`)).status === 200
    const expected = users.reduce((n, u) => n + u.posts.length, 0)
    const back = await servedBack(users, addr, anchor.ready.nodeId)
    const metrics = await metricsOf(anchor.ready.metrics)
    const rejected = metrics.rejected_frames.reduce((n, r) => n + r.count, 0)

    const served = (phases: CheckInPhases[]) => phases.map((p) => p.served)
    const p50u = percentile(served(unloaded), 50)
    const p95u = percentile(served(unloaded), 95)
    const p95l = percentile(served(loaded), 95)
    figures.push(
      {
        name: 'storm: connections opened / sync streams run',
        value: connected,
        unit: `connections, ${streams} streams in ${stormSeconds.toFixed(0)} s`,
        comparedTo: `${CONNECTIONS} connections at 200/s + ${STREAMS} streams (a third slow responders; oversize, random, silent, unknown-author hellos), from ${STORM_SOURCES[STORM_FROM]}`,
        note: `${rejected} frames rejected by the anchor; anchor ${alive ? 'up' : 'DOWN'} after`,
      },
      {
        name: 'anchor RSS, peak under the storm',
        value: peakRss / 2 ** 20,
        unit: 'MiB',
        comparedTo: 'target ≤ 512 MiB',
        meetsTarget: peakRss <= 512 * 2 ** 20,
        note: `idle after ${HONEST} users: ${(idleRss / 2 ** 20).toFixed(0)} MiB`,
      },
      {
        name: 'honest check-in p50, unloaded / loaded',
        value: p50u,
        unit: `ms / ${percentile(served(loaded), 50).toFixed(0)} ms`,
        comparedTo: 'the same users, anchor idle',
      },
      {
        name: 'honest check-in p95, loaded',
        value: p95l,
        unit: 'ms',
        comparedTo: `≤ 2× unloaded p95 (${p95u.toFixed(0)} ms); ${loaded.length} check-ins under load`,
        meetsTarget: p95l <= 2 * p95u && failedCheckIns.length === 0,
        note: `${failedCheckIns.length} check-ins failed${failedCheckIns.length === 0 ? '' : ` (${[...new Set(failedCheckIns)].join(', ')})`}`,
      },
      {
        name: 'where a loaded check-in waits (p50 / p95 of each phase)',
        value: percentile(
          loaded.map((p) => p.connected),
          50,
        ),
        unit: `ms to connect (p50 / p95 ${phaseText(loaded, (p) => p.connected)}), then ${phaseText(loaded, (p) => p.pullOpened - p.connected)} until the anchor opens its pull, then ${phaseText(loaded, (p) => p.served - p.pullOpened)} for the pull`,
        comparedTo: `unloaded: connect ${phaseText(unloaded, (p) => p.connected)}, until the pull ${phaseText(unloaded, (p) => p.pullOpened - p.connected)}, pull ${phaseText(unloaded, (p) => p.served - p.pullOpened)}`,
        note: `anchor event-loop delay under the storm, per 2 s scrape: p99 median ${ms(percentile(lags.p99, 50))}, p99 worst ${ms(Math.max(...lags.p99))}, max ${ms(Math.max(...lags.max))} (${lags.p99.length} scrapes); anchor counters: ${counterText(metrics.counters)} (before the storm, after the users' ${2 * HONEST} check-ins: ${counterText(quietCounters)})`,
      },
      {
        name: 'CPU demanded while honest users checked in under the storm',
        value: Math.round(((anchorCpu + stormCpu + ownCpu) / loadedWall) * 100) / 100,
        unit: `cores of ${os.cpus().length}`,
        comparedTo: 'the cores the machine has (the anchor, the storm and the honest clients share them)',
        note:
          `over ${loadedWall.toFixed(0)} s: anchor ${anchorCpu.toFixed(1)} s CPU, storm generator ${stormCpu.toFixed(1)} s` +
          `${STORM_NICE === '0' ? ' (not niced)' : ` (nice ${STORM_NICE}: the attacker's CPU is not the anchor's in reality)`}, honest clients ${ownCpu.toFixed(1)} s; ` +
          `1-min load average ${load1.toFixed(1)} → ${load2.toFixed(1)} (other processes of the machine included)`,
      },
      {
        name: 'anchor CPU per honest check-in, unloaded',
        value: Math.round((quiet.anchor / unloaded.length) * 1000),
        unit: 'ms',
        comparedTo: `the check-in's unloaded p50 (${p50u.toFixed(0)} ms): the rest is waiting (network, client)`,
        note: `${unloaded.length} check-ins in ${quiet.wall.toFixed(1)} s; client side ${((quiet.own / unloaded.length) * 1000).toFixed(0)} ms CPU each`,
      },
      {
        name: 'acknowledged posts served back after the storm',
        value: back,
        unit: `of ${expected}`,
        comparedTo: 'every post the anchor pulled in a check-in',
        meetsTarget: back === expected,
      },
    )
  } finally {
    stormChild?.kill('SIGKILL')
    anchor.signal('SIGTERM')
    await anchor.exited
    if (process.env['LOAD_ANCHOR_LOG'] !== undefined) process.stderr.write(anchor.stderr())
    await rm(data, { recursive: true, force: true })
  }
  return { title: 'Anchor under a storm (issue 11)', figures }
}

if (process.argv[2] === 'storm') {
  const [addr, connections, streams, from] = process.argv.slice(3)
  void storm(addr!, Number(connections), Number(streams), from ?? 'loopback')
}
