/**
 * Who the restoration cascade may ask to host (issue 15), over real libp2p (127.0.0.1): connected
 * peers that speak /distsoc/host/1.0.0 — but not the node's anchors, which keep its posts by the
 * mailbox rules already (a copy there is the baseline, not another device).
 */
import initSqlJs from 'sql.js'
import { afterAll, describe, expect, it } from 'vitest'
import { HOST_PROTOCOL, localHostingGate, registerHostProtocol } from '../../hosting/index.ts'
import { generateIdentity, libp2pPrivateKey, verifyPost } from '../../model/index.ts'
import { TestNodes, waitFor } from '../../net/test-support/nodes.ts'
import { openTestStore } from '../../storage/test-support/fixtures.ts'
import { nodeSyncDeps } from '../node-sync.ts'
import { storeAsSyncStore } from '../sync-adapter.ts'
import { offlinePerson } from '../test-support/offline-person.ts'
import { startHosting } from './hosting.ts'

const SQL = await initSqlJs()
const nodes = new TestNodes()
afterAll(() => nodes.stopAll())

async function hostPeer(identity = generateIdentity()) {
  const store = await openTestStore({ now: () => Date.now() })
  const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(identity) })
  await registerHostProtocol(libp2p, {
    gate: localHostingGate(store, identity.nodeId, () => Date.now()),
    store: { ...storeAsSyncStore(store), hasPost: (id) => store.hasPost(id) },
    verifier: { verifyPost },
    now: () => Date.now(),
  })
  return { identity, libp2p }
}

describe('hosting candidates', () => {
  it('offers connected peers that speak the host protocol, never the node’s own anchor', {
    timeout: 30_000,
  }, async () => {
    const anchorIdentity = generateIdentity()
    const { node } = await offlinePerson(SQL, 'Alice', {
      bootstrap: { anchors: [`/ip4/127.0.0.1/tcp/4471/ws/p2p/${anchorIdentity.nodeId}`] },
    })
    const ctx = node.context
    const anchor = await hostPeer(anchorIdentity)
    const carol = await hostPeer()
    const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(ctx.identity as never) })
    const hosting = await startHosting({ ctx, libp2p: libp2p as never }, nodeSyncDeps(ctx))
    try {
      await libp2p.dial(anchor.libp2p.getMultiaddrs()[0] as never)
      await libp2p.dial(carol.libp2p.getMultiaddrs()[0] as never)
      await waitFor(() => hosting.peers.candidates().includes(carol.identity.nodeId), 10_000)
      // the anchor was identified as speaking the host protocol too
      const anchorProtocols = async () =>
        (await libp2p.peerStore.get(anchor.libp2p.peerId).catch(() => undefined))?.protocols ?? []
      await waitFor(async () => (await anchorProtocols()).includes(HOST_PROTOCOL), 10_000)
      expect(hosting.peers.candidates()).toEqual([carol.identity.nodeId])
    } finally {
      await hosting.stop()
      await node.stop()
    }
  })
})
