/**
 * Issue 11 cases 1 and 3 over real libp2p on 127.0.0.1 (WebSockets, Noise, Yamux): a holder
 * floods a victim with message requests from 150 throwaway authors and serves a poisoned
 * tombstone and an early post; the victim keeps what its budget allows, everything else it asked
 * for arrives, and an honest peer's sync from the same holder completes in the same run.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, describe, expect, it } from 'vitest'
import { type Identity, libp2pPrivateKey } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { AdmissionBudget } from './admission.ts'
import { registerSyncProtocol, type SyncDeps, syncWithPeer } from './libp2p-handler.ts'
import { generateIdentity, makeDelete, makePost, storeWith } from './test-support/fixtures.ts'
import { floodFromThrowaways } from './test-support/hostile.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const nodes: Libp2p[] = []
afterAll(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(identity: Identity, deps: SyncDeps): Promise<Libp2p> {
  const libp2p = await createLibp2p({
    privateKey: libp2pPrivateKey(identity),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  await registerSyncProtocol(libp2p, deps)
  return libp2p
}

describe('hostile holder over libp2p', () => {
  it('bounds a flood, survives a poisoned tombstone and an early post, and an honest pull completes', {
    timeout: 90_000,
  }, async () => {
    const victim = generateIdentity()
    const friend = generateIdentity()
    const other = generateIdentity()
    const holderId = generateIdentity()
    const honest = generateIdentity()
    const now = Date.now()
    const mine = await makePost(victim, now - 10 * 60_000)
    const friendPosts = await Promise.all([1, 2, 3].map((i) => makePost(friend, now - i * 60_000)))
    const otherPosts = await Promise.all([1, 2].map((i) => makePost(other, now - i * 60_000)))
    const early = await makePost(other, now + 16 * 60_000)
    const flood = await floodFromThrowaways(victim.nodeId, 150, now - 60 * 60_000)
    const holderStore = storeWith([mine, ...friendPosts, ...otherPosts, early, ...flood])
    holderStore.seedDelete(await makeDelete(friend, mine.post, now - 60_000))

    const rejected: string[] = []
    const victimStore = storeWith([mine])
    const victimDeps: SyncDeps = {
      store: victimStore,
      verifier: modelVerifier,
      admission: new AdmissionBudget({ follows: (a) => a === friend.nodeId || a === other.nodeId }),
      onPeerReject: (_peer: NodeId, reason: string) => rejected.push(reason),
    }
    const honestStore: MemorySyncStore = storeWith([])
    const holder = await node(holderId, { store: holderStore, verifier: modelVerifier })
    const v = await node(victim, victimDeps)
    const h = await node(honest, { store: honestStore, verifier: modelVerifier })
    await v.dial(holder.getMultiaddrs()[0]!)
    await h.dial(holder.getMultiaddrs()[0]!)

    const [victimPulled, honestPulled] = await Promise.all([
      syncWithPeer(v, holder.peerId, victimDeps, { wants: [victim.nodeId, friend.nodeId, other.nodeId] }),
      syncWithPeer(
        h,
        holder.peerId,
        { store: honestStore, verifier: modelVerifier },
        { wants: [friend.nodeId] },
      ),
    ])

    const strangers = [...victimStore.posts.values()].filter(
      (p) => ![victim.nodeId, friend.nodeId, other.nodeId].includes(p.post.author),
    )
    expect(strangers).toHaveLength(20)
    expect(victimPulled.skipped).toEqual({ AdmissionRefusedError: 130, ForeignDeleteError: 1 })
    expect(rejected.filter((r) => r === 'AdmissionRefusedError')).toHaveLength(130)
    expect(rejected.filter((r) => r === 'ForeignDeleteError')).toHaveLength(1)
    expect(victimPulled.deferred).toBe(1)
    expect(victimStore.posts.has(mine.post.id)).toBe(true)
    for (const p of [...friendPosts, ...otherPosts]) expect(victimStore.posts.has(p.post.id)).toBe(true)
    expect(victimStore.tombs.size).toBe(0)
    expect(honestPulled.received.posts).toBe(3)
    expect(honestStore.tombs.size).toBe(0)
  })
})
