import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { encodeFrame } from './frames.ts'
import { askLocate, LOCATE_PROTOCOL, registerLocateProtocol } from './locate-protocol.ts'
import { PEERS_PROTOCOL, type PeersMessage, parsePeersMessage, type RoutingState } from './peers-message.ts'
import { exchangePeers, registerPeersProtocol } from './peers-protocol.ts'
import { RecentConnections } from './recent-connections.ts'
import { requestOnce } from './request-response.ts'
import type { RejectReason } from './serve-frames.ts'
import { TestNodes } from './test-support/nodes.ts'

const nodes = new TestNodes()
afterAll(() => nodes.stopAll())

async function someNodeId(): Promise<NodeId> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString() as NodeId
}

describe('/distsoc/locate/1.0.0', () => {
  it('answers with the circuit address of a recently seen peer and not for an unknown one', async () => {
    const server = await nodes.create()
    const client = await nodes.create({ listen: [] })
    const recent = new RecentConnections()
    const known = await someNodeId()
    recent.seen(known, [`/ip4/127.0.0.1/tcp/1/ws/p2p/${server.peerId}/p2p-circuit/p2p/${known}`])
    await registerLocateProtocol(server, (id) => recent.lookup(id))

    const hit = await askLocate(client, server.getMultiaddrs(), known)
    expect(hit).toMatchObject({ found: true, addrs: [expect.stringContaining(`/p2p-circuit/p2p/${known}`)] })
    const miss = await askLocate(client, server.getMultiaddrs(), await someNodeId())
    expect(miss).toEqual({ v: 1, found: false })
  })

  it('resets the stream on a malformed or oversize request, reports it, and keeps serving', async () => {
    const server = await nodes.create()
    const client = await nodes.create({ listen: [] })
    const rejects: RejectReason[] = []
    await registerLocateProtocol(server, () => undefined, { onReject: (_p, reason) => rejects.push(reason) })

    for (const bad of [
      Uint8Array.of(3, 0xff, 0xfe, 0xfd),
      Uint8Array.of(0xff, 0xff, 0x7f),
      encodeFrame({ v: 1, id: 'nope' }, 1024),
    ]) {
      const stream = await client.dialProtocol(server.getMultiaddrs(), LOCATE_PROTOCOL)
      stream.send(bad)
      const read = (async () => {
        for await (const _ of stream) {
          // a reset stream yields nothing useful
        }
      })()
      await read.catch(() => {})
    }
    await new Promise((r) => setTimeout(r, 100))
    expect(rejects).toEqual(['malformed', 'too-large', 'invalid'])
    expect(await askLocate(client, server.getMultiaddrs(), await someNodeId())).toEqual({
      v: 1,
      found: false,
    })
  })
})

describe('/distsoc/peers/1.0.0', () => {
  it('swaps anchors and N1 both ways', async () => {
    const server = await nodes.create()
    const client = await nodes.create({ listen: [] })
    const anchor = await someNodeId()
    const meshPeer = await someNodeId()
    let heardByServer: PeersMessage | undefined
    const serverState: RoutingState = {
      anchors: [{ id: anchor, addrs: [`/dns4/anchor.example/tcp/443/wss/p2p/${anchor}`] }],
      mesh: [meshPeer],
      n2: [],
    }
    await registerPeersProtocol(server, {
      routingState: () => serverState,
      onPeersMessage: (_from, m) => {
        heardByServer = m
      },
    })
    await client.dial(server.getMultiaddrs())
    const clientMesh = await someNodeId()
    const got = await exchangePeers(client, server.peerId, {
      routingState: () => ({ anchors: [], mesh: [clientMesh], n2: [] }),
      onPeersMessage: () => {},
    })
    expect(got.peers).toEqual([
      { id: anchor, anchor: true, addrs: [`/dns4/anchor.example/tcp/443/wss/p2p/${anchor}`] },
    ])
    expect(got.n1).toEqual([meshPeer])
    expect(heardByServer?.n1).toEqual([clientMesh])
  })

  it('drops a follows field a peer tries to smuggle into its share', async () => {
    const follow = await someNodeId()
    const parsed = parsePeersMessage({ v: 1, peers: [], n1: [], n2: [], follows: [follow] })
    expect(JSON.stringify(parsed)).not.toContain(follow)
  })

  it('refuses a share with too many entries', () => {
    const ids = Array.from({ length: 300 }, () => '12D3KooWxxx')
    expect(() => parsePeersMessage({ v: 1, peers: [], n1: [], n2: ids })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })

  it('resets an oversize peers frame and keeps serving', async () => {
    const server = await nodes.create()
    const client = await nodes.create({ listen: [] })
    const rejects: string[] = []
    await registerPeersProtocol(server, {
      routingState: () => ({ anchors: [], mesh: [], n2: [] }),
      onPeersMessage: () => {},
      onReject: (protocol, reason) => rejects.push(`${protocol} ${reason}`),
    })
    const stream = await client.dialProtocol(server.getMultiaddrs(), PEERS_PROTOCOL)
    stream.send(Uint8Array.of(0x80, 0x80, 0x10))
    await (async () => {
      for await (const _ of stream) {
      }
    })().catch(() => {})
    await new Promise((r) => setTimeout(r, 100))
    expect(rejects).toEqual([`${PEERS_PROTOCOL} too-large`])
    const again = await exchangePeers(client, server.peerId, {
      routingState: () => ({ anchors: [], mesh: [], n2: [] }),
      onPeersMessage: () => {},
    })
    expect(again.v).toBe(1)
  })
})

describe('requestOnce against a peer that stalls', () => {
  it('gives up with RequestTimeoutError when the peer reads the request and never answers', async () => {
    const stalling = await nodes.create()
    const client = await nodes.create({ listen: [] })
    const held: Array<{ abort(err: Error): void }> = []
    await stalling.handle('/distsoc/test-stall/1.0.0', (stream) => {
      held.push(stream) // never reads, never answers, never closes
    })
    const started = Date.now()
    await expect(
      requestOnce(
        client,
        stalling.getMultiaddrs(),
        '/distsoc/test-stall/1.0.0',
        { v: 1 },
        1024,
        (v) => v,
        300,
      ),
    ).rejects.toMatchObject({ name: 'RequestTimeoutError' })
    expect(Date.now() - started).toBeLessThan(5_000)
    for (const s of held) s.abort(new Error('test over'))
  })
})
