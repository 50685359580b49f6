import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import { type Identity, libp2pPrivateKey } from '../model/index.ts'
import { registerSyncProtocol, type SyncDeps, syncWithPeer } from './libp2p-handler.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const nodes: Libp2p[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(identity: Identity, store: MemorySyncStore): Promise<[Libp2p, SyncDeps]> {
  const libp2p = await createLibp2p({
    privateKey: libp2pPrivateKey(identity),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  const deps: SyncDeps = { store, verifier: modelVerifier, timeoutMs: 10_000 }
  await registerSyncProtocol(libp2p, deps)
  return [libp2p, deps]
}

describe('sync over libp2p', () => {
  it('converges both ways and delivers encrypted posts to recipients only', async () => {
    const alice = generateIdentity()
    const bob = generateIdentity()
    const carol = generateIdentity()
    const t = Date.now() - 60_000
    const alicePublic = await makePost(alice, t + 1)
    const toCarol = await makePost(alice, t + 2, { recipients: [alice.nodeId, carol.nodeId] })
    const toBob = await makePost(alice, t + 3, { recipients: [alice.nodeId, bob.nodeId] })
    const bobPublic = await makePost(bob, t + 4)
    const aliceStore = storeWith([alicePublic, toCarol, toBob])
    const bobStore = storeWith([bobPublic])
    const [a, aDeps] = await node(alice, aliceStore)
    const [b, bDeps] = await node(bob, bobStore)
    await b.dial(a.getMultiaddrs()[0]!)
    await expect.poll(() => a.getConnections(b.peerId).length).toBeGreaterThan(0)
    const wants = [alice.nodeId, bob.nodeId]
    const [bobPulled, alicePulled] = await Promise.all([
      syncWithPeer(b, a.peerId, bDeps, { wants }),
      syncWithPeer(a, b.peerId, aDeps, { wants }),
    ])
    expect(bobPulled.received.posts).toBe(2)
    expect(alicePulled.received.posts).toBe(1)
    expect(bobStore.posts.has(toBob.post.id)).toBe(true)
    expect(bobStore.posts.has(toCarol.post.id)).toBe(false)
    expect(aliceStore.posts.has(bobPublic.post.id)).toBe(true)
    const again = await syncWithPeer(b, a.peerId, bDeps, { wants })
    expect(again.received.posts).toBe(0)
    expect(again.roundTrips).toBe(1)
  })
})
