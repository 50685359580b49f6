/**
 * Test-only SharedWorker: a libp2p node (WebSockets + circuit relay + WebRTC through the tab shim +
 * identify + ping) driven by the harness page. Loopback ws:// is allowed here only (docs/design.md §10).
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { installRtcShim, RtcHostRegistry } from '../../src/worker/webrtc/index.ts'
import { memoryLogger, recordedLines, shimLogger } from './webrtc-harness-log.ts'

const SINK = '/distsoc-test/sink/1.0.0'
const rtcHosts = new RtcHostRegistry({ heartbeatMs: 500, timeoutMs: 3000, logger: shimLogger })
installRtcShim(rtcHosts)
const hostLog: string[] = []
rtcHosts.onHostChange((host) => hostLog.push(host?.name ?? 'none'))

let node: Libp2p | undefined
const received: { bytes: number; bad: number; ms: number; from: string }[] = []

async function start(relay: string): Promise<{ peerId: string; addrs: string[] }> {
  if (node !== undefined) return { peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) }
  // @libp2p/webrtc reads the RTCPeerConnection global when evaluated: import it after installRtcShim.
  const { webRTC } = await import('@libp2p/webrtc')
  node = await createLibp2p({
    addresses: { listen: [`${relay}/p2p-circuit`, '/webrtc'] },
    transports: [webSockets(), circuitRelayTransport(), webRTC({ rtcConfiguration: { iceServers: [] } })],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: async () => false },
    services: { identify: identify(), ping: ping() },
    logger: memoryLogger(/webrtc|dial|circuit|connection-manager|upgrader/),
  })
  await node.handle(SINK, (stream, connection) => void sink(stream, connection))
  const deadline = Date.now() + 15_000
  while (!node.getMultiaddrs().some((ma) => ma.toString().includes('/webrtc'))) {
    if (Date.now() > deadline) throw new Error('no /webrtc address after 15 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) }
}

async function sink(stream: Stream, connection: Connection): Promise<void> {
  const t0 = performance.now()
  let bytes = 0
  let bad = 0
  for await (const chunk of stream) {
    const buf = chunk instanceof Uint8Array ? chunk : chunk.subarray()
    for (let i = 0; i < buf.length; i++) if (buf[i] !== (bytes + i) % 251) bad++
    bytes += buf.length
  }
  received.push({ bytes, bad, ms: performance.now() - t0, from: connection.remoteAddr.toString() })
  await stream.close()
}

function summarize(conn: Connection) {
  return {
    id: conn.id,
    remoteAddr: conn.remoteAddr.toString(),
    limited: conn.limits !== undefined,
    direct: conn.direct,
    status: conn.status,
    multiplexer: conn.multiplexer,
  }
}

function webrtcConnection(peer: string): Connection {
  const n = need()
  const conn = n
    .getConnections(peerIdFromString(peer))
    .find((c) => c.status === 'open' && c.limits === undefined && c.remoteAddr.toString().includes('/webrtc'))
  if (conn === undefined) throw new Error(`no open WebRTC connection to ${peer}`)
  return conn
}

function need(): Libp2p {
  if (node === undefined) throw new Error('node not started')
  return node
}

async function sendTo(peer: string, total: number): Promise<{ ms: number; bytes: number }> {
  const conn = webrtcConnection(peer)
  const stream = await conn.newStream(SINK)
  const t0 = performance.now()
  const chunk = 16 * 1024
  for (let sent = 0; sent < total; sent += chunk) {
    const n = Math.min(chunk, total - sent)
    const buf = new Uint8Array(n)
    for (let i = 0; i < n; i++) buf[i] = (sent + i) % 251
    if (!stream.send(buf)) await stream.onDrain()
  }
  await stream.close()
  return { ms: performance.now() - t0, bytes: total }
}

async function pingOver(peer: string): Promise<number[]> {
  const conn = webrtcConnection(peer)
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const stream = await conn.newStream('/ipfs/ping/1.0.0')
    const payload = crypto.getRandomValues(new Uint8Array(32))
    const t0 = performance.now()
    stream.send(payload)
    let got = new Uint8Array(0)
    for await (const chunk of stream) {
      const buf = chunk instanceof Uint8Array ? chunk : chunk.subarray()
      got = new Uint8Array([...got, ...buf])
      if (got.length >= 32) break
    }
    times.push(performance.now() - t0)
    if (got.length < 32 || got.some((b, j) => b !== payload[j])) throw new Error('ping echo mismatch')
    await stream.close()
  }
  return times
}

const commands: Record<string, (args: Record<string, unknown>) => unknown> = {
  'attach-host': (args) => {
    rtcHosts.attach(args.port as MessagePort, String(args.name))
    return true
  },
  start: (args) => start(String(args.relay)),
  host: () => ({ current: rtcHosts.currentHost() ?? null, log: hostLog }),
  dial: async (args) => {
    const t0 = performance.now()
    const conn = await need().dial(multiaddr(String(args.addr)), { signal: AbortSignal.timeout(20_000) })
    return { ms: performance.now() - t0, ...summarize(conn) }
  },
  connections: (args) =>
    need()
      .getConnections(peerIdFromString(String(args.peer)))
      .map(summarize),
  ping: (args) => pingOver(String(args.peer)),
  send: (args) => sendTo(String(args.peer), Number(args.bytes)),
  received: () => received,
  logs: () => recordedLines(),
  'dial-error': async (args) => {
    try {
      await need().dial(multiaddr(String(args.addr)), { signal: AbortSignal.timeout(20_000) })
      return null
    } catch (err) {
      const e = err as Error & { errors?: Error[] }
      return { name: e.name, message: e.message, inner: (e.errors ?? []).map((x) => x.name) }
    }
  },
}

interface Scope {
  onconnect: ((event: MessageEvent) => void) | null
}

;(self as unknown as Scope).onconnect = (event: MessageEvent) => {
  const port = event.ports[0]!
  port.onmessage = async (ev: MessageEvent<{ id: number; cmd: string; args: Record<string, unknown> }>) => {
    const { id, cmd, args } = ev.data
    try {
      const fn = commands[cmd]
      if (fn === undefined) throw new Error(`unknown command ${cmd}`)
      port.postMessage({ id, ok: true, value: await fn(args) })
    } catch (err) {
      const e = err as Error
      port.postMessage({ id, ok: false, error: `${e.name}: ${e.message}` })
    }
  }
  port.start()
}
