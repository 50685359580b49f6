import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { RELAY_V2_HOP_CODEC } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorName } from '../../src/core/errors.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import {
  askLocate,
  encodeFrame,
  exchangePeers,
  LOCATE_PROTOCOL,
  locatePeer,
  PEERS_PROTOCOL,
  type PeerBook,
  registerLocateProtocol,
} from '../../src/core/net/index.ts'
import { TestNodes, waitFor } from '../../src/core/net/test-support/nodes.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'

const nodes = new TestNodes()
let anchor: RunningAnchor
let otherAnchorAddr: string

beforeAll(async () => {
  const other = await nodes.create()
  otherAnchorAddr = other.getMultiaddrs()[0]!.toString()
  anchor = await startAnchor({ logLevel: 'silent', knownAnchors: [otherAnchorAddr] })
})
afterAll(async () => {
  await nodes.stopAll()
  await anchor.stop()
})

/**
 * Parses Prometheus text exposition strictly: every line is a comment (# HELP / # TYPE) or a sample
 * `name{labels} value`; throws on anything else. Returns the unlabelled samples by name.
 */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (-?[0-9.e+]+|NaN|[+-]Inf)$/.exec(
        line,
      )
    if (m === null) throw new Error(`not Prometheus text: ${line}`)
    if (m[2] === undefined) samples.set(m[1]!, Number(m[4]))
  }
  return samples
}

const noRoutes = {
  routingState: () => ({ anchors: [], mesh: [], n2: [] }),
  onPeersMessage: () => {},
}

function emptyBook(overrides: Partial<PeerBook> = {}): PeerBook {
  return {
    storedAddresses: () => [],
    profileAnchors: () => [],
    mutualContacts: () => [],
    ownAnchors: () => [],
    defaultAnchor: () => undefined,
    recordFound: () => {},
    ...overrides,
  }
}

/** A node with a relay reservation on the anchor, reachable at a /p2p-circuit address. */
async function reachableViaAnchor() {
  const node = await nodes.create({ listen: [`${anchor.multiaddrs[0]}/p2p-circuit`] })
  await waitFor(() => node.getMultiaddrs().some((m) => m.toString().includes('/p2p-circuit')))
  return node
}

describe('relay anchor (in-process)', () => {
  it('prints multiaddrs with its /p2p/ id and answers /health', async () => {
    expect(anchor.multiaddrs[0]).toMatch(
      new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws/p2p/${anchor.nodeId}$`),
    )
    const res = await fetch(`${anchor.httpUrl}/health`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ status: 'ok', nodeId: anchor.nodeId })
    expect(typeof body['uptime']).toBe('number')
    expect((await fetch(`${anchor.httpUrl}/nope`)).status).toBe(404)
  })

  it('serves /metrics on its own loopback listener only, as Prometheus text and as JSON', async () => {
    expect((await fetch(`${anchor.httpUrl}/metrics`)).status).toBe(404)
    expect(new URL(anchor.metricsUrl).hostname).toBe('127.0.0.1')
    expect(anchor.metricsUrl).not.toBe(anchor.httpUrl)
    const json = (await (await fetch(`${anchor.metricsUrl}/metrics?format=json`)).json()) as Record<
      string,
      unknown
    >
    expect(json).toHaveProperty('connections')
    expect(json).toHaveProperty('reservations')
    expect(json).toHaveProperty('stored_posts')
    expect(json).toHaveProperty('rejected_frames')
    const res = await fetch(`${anchor.metricsUrl}/metrics`)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const samples = parsePrometheus(await res.text())
    expect(samples.get('distsoc_anchor_connections')).toBeGreaterThanOrEqual(0)
    expect(samples.has('distsoc_anchor_connections_opened_total')).toBe(true)
    expect(samples.has('distsoc_anchor_stored_bytes')).toBe(true)
  })

  it('lets a stock libp2p node (not ours) dial, identify and ping it', async () => {
    const stock = await createLibp2p({
      transports: [webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), ping: ping() },
    })
    try {
      const conn = await stock.dial(multiaddr(anchor.multiaddrs[0]!))
      expect(conn.remotePeer.toString()).toBe(anchor.nodeId)
      // identify runs on connection open (a second identify stream would be refused); wait for its result
      let protocols: string[] = []
      await waitFor(async () => {
        protocols = (await stock.peerStore.get(conn.remotePeer)).protocols
        return protocols.includes(RELAY_V2_HOP_CODEC)
      })
      expect(protocols).toEqual(expect.arrayContaining([RELAY_V2_HOP_CODEC, LOCATE_PROTOCOL, PEERS_PROTOCOL]))
      for (const p of anchor.mailbox.protocols) expect(protocols).toContain(p)
      expect(await stock.services.ping.ping(multiaddr(anchor.multiaddrs[0]!))).toBeGreaterThanOrEqual(0)
    } finally {
      await stock.stop()
    }
  })

  it('relays: a node reserves a slot and another dials it through /p2p-circuit', async () => {
    const target = await reachableViaAnchor()
    expect(anchor.metrics.snapshot()['reservations']).toBeGreaterThanOrEqual(1)
    const caller = await nodes.create({ listen: [] })
    const circuit = target.getMultiaddrs().find((m) => m.toString().includes('/p2p-circuit'))!
    const conn = await caller.dial(circuit)
    expect(conn.remotePeer.equals(target.peerId)).toBe(true)
    expect(conn.limits).toBeDefined()
    // the relay's 128 KiB budget, minus what the handshake already used
    expect(conn.limits?.bytes).toBeLessThanOrEqual(128n * 1024n)
    expect(conn.limits?.bytes).toBeGreaterThan(100n * 1024n)
  })

  it('locates a recently connected peer and not an unknown one', async () => {
    const target = await reachableViaAnchor()
    const caller = await nodes.create({ listen: [] })
    const hit = await askLocate(caller, multiaddr(anchor.multiaddrs[0]!), target.peerId.toString() as NodeId)
    expect(hit.found).toBe(true)
    if (hit.found) expect(hit.addrs[0]).toBe(`${anchor.multiaddrs[0]}/p2p-circuit/p2p/${target.peerId}`)
    const stranger = (await nodes.create({ listen: [] })).peerId.toString() as NodeId
    expect(await askLocate(caller, multiaddr(anchor.multiaddrs[0]!), stranger)).toEqual({
      v: 1,
      found: false,
    })
  })

  it('hands out anchors and N1 ids, never a user address or follows', async () => {
    const target = await reachableViaAnchor()
    const targetId = target.peerId.toString()
    const client = await nodes.create({ listen: [] })
    await client.dial(multiaddr(anchor.multiaddrs[0]!))
    const share = await exchangePeers(client, anchor.libp2p.peerId, noRoutes)
    const anchors = share.peers.filter((p) => p.anchor).map((p) => p.addrs[0])
    expect(anchors).toEqual(expect.arrayContaining([anchor.multiaddrs[0], otherAnchorAddr]))
    expect(share.peers.every((p) => p.anchor)).toBe(true)
    expect(share.peers.map((p) => p.id)).not.toContain(targetId)
    expect(JSON.stringify(share)).not.toContain('/p2p-circuit')
    expect(share.n1).toContain(targetId)
    expect(Object.keys(share).sort()).toEqual(['n1', 'n2', 'peers', 'v'])
  })

  it('answers locate for one NodeId at a time and resets a requester past its budget', async () => {
    const target = await reachableViaAnchor()
    const crawler = await nodes.create({ listen: [] })
    await crawler.dial(multiaddr(anchor.multiaddrs[0]!))
    const answers: string[] = []
    for (let i = 0; i < 12; i++) {
      answers.push(
        await askLocate(crawler, anchor.libp2p.peerId, target.peerId.toString() as NodeId).then(
          (a) => (a.found ? 'found' : 'not-found'),
          (err: unknown) => errorName(err),
        ),
      )
    }
    expect(answers.slice(0, 8)).toEqual(Array(8).fill('found'))
    expect(answers.slice(8).every((a) => a !== 'found')).toBe(true)
  })

  it('finds a peer through its profile anchors, then through the default anchor, recording found_via', async () => {
    const target = await reachableViaAnchor()
    const id = target.peerId.toString() as NodeId
    const found: string[] = []
    const record = (_: NodeId, __: string, via: string) => {
      found.push(via)
    }
    const viaTheirs = await locatePeer(id, {
      libp2p: await nodes.create({ listen: [] }),
      peerBook: emptyBook({ profileAnchors: () => [anchor.multiaddrs[0]!], recordFound: record }),
    })
    expect(viaTheirs.foundVia).toBe('their-anchors')
    expect(viaTheirs.connection.remotePeer.equals(target.peerId)).toBe(true)
    const viaDefault = await locatePeer(id, {
      libp2p: await nodes.create({ listen: [] }),
      peerBook: emptyBook({
        storedAddresses: () => ['/ip4/127.0.0.1/tcp/9/ws'],
        defaultAnchor: () => anchor.multiaddrs[0],
        recordFound: record,
      }),
    })
    expect(viaDefault.foundVia).toBe('default-anchor')
    expect(found).toEqual(['their-anchors', 'default-anchor'])
  })

  it('finds a peer through a stored address first, and through a mutual contact that knows it', async () => {
    const target = await reachableViaAnchor()
    const id = target.peerId.toString() as NodeId
    const circuit = target
      .getMultiaddrs()
      .map((m) => m.toString())
      .filter((a) => a.includes('/p2p-circuit'))
    const stored = await locatePeer(id, {
      libp2p: await nodes.create({ listen: [] }),
      peerBook: emptyBook({ storedAddresses: () => circuit, defaultAnchor: () => anchor.multiaddrs[0] }),
    })
    expect(stored.foundVia).toBe('stored-address')

    const contact = await nodes.create()
    await registerLocateProtocol(contact, (asked) =>
      asked === id ? { addrs: circuit, lastSeen: Date.now() } : undefined,
    )
    const caller = await nodes.create({ listen: [] })
    await caller.dial(contact.getMultiaddrs())
    const viaContact = await locatePeer(id, {
      libp2p: caller,
      peerBook: emptyBook({ mutualContacts: () => [contact.peerId.toString() as NodeId] }),
    })
    expect(viaContact.foundVia).toBe('mutual-contact')
  })

  it('throws UnreachableError when no step of the cascade finds the peer', async () => {
    const stranger = (await nodes.create({ listen: [] })).peerId.toString() as NodeId
    await expect(
      locatePeer(stranger, {
        libp2p: await nodes.create({ listen: [] }),
        peerBook: emptyBook({
          ownAnchors: () => [anchor.multiaddrs[0]!],
          defaultAnchor: () => anchor.multiaddrs[0],
        }),
      }),
    ).rejects.toMatchObject({ name: 'UnreachableError' })
  })

  it('resets malformed and oversize frames, counts them in /metrics, cuts the sender and keeps serving', async () => {
    const before = anchor.metrics.rejectedTotal()
    const sends: Array<[string, Uint8Array]> = [
      [LOCATE_PROTOCOL, Uint8Array.of(2, 0xff, 0xff)],
      [LOCATE_PROTOCOL, Uint8Array.of(0xff, 0xff, 0xff, 0x01)],
      [PEERS_PROTOCOL, encodeFrame({ v: 1, peers: 'x', n1: [], n2: [] }, 1024)],
    ]
    const senders: Awaited<ReturnType<typeof nodes.create>>[] = []
    for (const [protocol, bytes] of sends) {
      // one sender per bad frame: each is cut after its first (offenders.ts)
      const sender = await nodes.create({ listen: [] })
      senders.push(sender)
      const stream = await sender.dialProtocol(multiaddr(anchor.multiaddrs[0]!), protocol)
      stream.send(bytes)
      await (async () => {
        for await (const _ of stream) {
        }
      })().catch(() => {})
    }
    await waitFor(() => anchor.metrics.rejectedTotal() >= before + 3)
    const json = (await (await fetch(`${anchor.metricsUrl}/metrics?format=json`)).json()) as {
      rejected_frames: Array<{ protocol: string; reason: string; count: number }>
    }
    expect(json.rejected_frames).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ protocol: LOCATE_PROTOCOL, reason: 'malformed' }),
        expect.objectContaining({ protocol: LOCATE_PROTOCOL, reason: 'too-large' }),
        expect.objectContaining({ protocol: PEERS_PROTOCOL, reason: 'invalid' }),
      ]),
    )
    // the senders are cut and refused by peer id; loopback is exempt, so another client is served
    await waitFor(() => senders.every((s) => s.getConnections().length === 0))
    const redial = await senders[0]!.dialProtocol(multiaddr(anchor.multiaddrs[0]!), LOCATE_PROTOCOL).then(
      (s) => s.status,
      (err: Error) => err.name,
    )
    expect(redial).not.toBe('open')
    const client = await nodes.create({ listen: [] })
    const stranger = (await nodes.create({ listen: [] })).peerId.toString() as NodeId
    expect(await askLocate(client, multiaddr(anchor.multiaddrs[0]!), stranger)).toEqual({
      v: 1,
      found: false,
    })
  })
})
