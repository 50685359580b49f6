/**
 * Restoration over real libp2p (127.0.0.1): Alice's post has no holder; her node asks the
 * connected peers over `/distsoc/host/1.0.0` — Dave is full and his gate refuses the offer with
 * HostingQuotaExceededError, so nothing is pushed to him and the cascade moves on; Carol (spare
 * quota) accepts and is pushed the post — and Alice's replica map and feed show Carol as a live holder.
 */
import initSqlJs from 'sql.js'
import { afterAll, describe, expect, it } from 'vitest'
import {
  hostingPeers,
  localHostingGate,
  registerHostProtocol,
  STARTER_BYTES_SETTING,
} from '../../hosting/index.ts'
import { generateIdentity, libp2pPrivateKey, verifyPost } from '../../model/index.ts'
import type { NodeId } from '../../model/types.ts'
import { TestNodes, waitFor } from '../../net/test-support/nodes.ts'
import { openTestStore } from '../../storage/test-support/fixtures.ts'
import { storeAsSyncStore } from '../sync-adapter.ts'
import { offlinePerson } from '../test-support/offline-person.ts'
import { startRestoration } from './restoration.ts'

const SQL = await initSqlJs()
const nodes = new TestNodes()
afterAll(() => nodes.stopAll())

async function host(starterBytes: number) {
  const identity = generateIdentity()
  const store = await openTestStore({ now: () => Date.now() })
  store.setSetting(STARTER_BYTES_SETTING, starterBytes)
  const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(identity) })
  await registerHostProtocol(libp2p, {
    gate: localHostingGate(store, identity.nodeId, () => Date.now()),
    store: { ...storeAsSyncStore(store), hasPost: (id) => store.hasPost(id) },
    verifier: { verifyPost },
    now: () => Date.now(),
  })
  return { identity, store, libp2p }
}

describe('restoration over libp2p', () => {
  it('skips a full peer on its typed refusal and places the post with one that has spare quota', {
    timeout: 60_000,
  }, async () => {
    const { node } = await offlinePerson(SQL, 'Alice')
    const ctx = node.context
    const view = await node.handlers['post.create']({
      content: 'keep me somewhere',
      intent: { type: 'public' },
      attachments: [],
    })
    expect(view.redundancy).toEqual({ live: 0, target: 3, low: true })

    const dave = await host(0)
    const carol = await host(4 * 1024 * 1024)
    const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(ctx.identity as never) })
    await libp2p.dial(dave.libp2p.getMultiaddrs()[0] as never)
    await libp2p.dial(carol.libp2p.getMultiaddrs()[0] as never)
    const peers = hostingPeers({
      libp2p,
      store: ctx.store,
      candidates: () => [dave.identity.nodeId, carol.identity.nodeId],
    })
    const asked: string[] = []
    const pushed: NodeId[] = []
    const hosting = {
      ...peers,
      acceptsHosting: async (peer: NodeId, offer: Parameters<typeof peers.acceptsHosting>[1]) => {
        const answer = await peers.acceptsHosting(peer, offer)
        asked.push(
          `${peer === dave.identity.nodeId ? 'dave' : 'carol'}:${answer.accepted ? 'yes' : answer.reason}`,
        )
        return answer
      },
      push: (peer: NodeId, post: Parameters<typeof peers.push>[1]) => {
        pushed.push(peer)
        return peers.push(peer, post)
      },
    }
    const unit = startRestoration({ ctx, libp2p: libp2p as never }, hosting, 100)
    try {
      await waitFor(() => carol.store.hasPost(view.id), 20_000)
      await waitFor(
        () => (ctx.store.db.get('SELECT 1 AS x FROM replicas WHERE post_id = ?', [view.id]) ?? null) !== null,
        5_000,
      )
    } finally {
      await unit.stop()
    }
    expect(dave.store.hasPost(view.id)).toBe(false)
    expect(asked).toContain('dave:HostingQuotaExceededError')
    expect(asked).toContain('carol:yes')
    expect(new Set(pushed)).toEqual(new Set([carol.identity.nodeId]))
    const page = await node.handlers['feed.page']({ query: { type: 'mine' }, limit: 5 })
    expect(page.posts[0]?.redundancy).toMatchObject({ live: 1, low: true })
    const rows = ctx.store.db.all<{ node_id: string }>('SELECT node_id FROM replicas WHERE post_id = ?', [
      view.id,
    ])
    expect(rows.map((r) => r.node_id)).toEqual([carol.identity.nodeId])
    await node.stop()
  })

  it("runs at the node's restore_every_ms setting and places copies only up to its target", {
    timeout: 60_000,
  }, async () => {
    const { node } = await offlinePerson(SQL, 'Alice')
    const ctx = node.context
    await node.handlers['settings.replicas.set']({ target: 1, restore_every_ms: 60 * 60_000 })
    const view = await node.handlers['post.create']({
      content: 'one copy is enough here',
      intent: { type: 'public' },
      attachments: [],
    })
    const erin = await host(4 * 1024 * 1024)
    const frank = await host(4 * 1024 * 1024)
    const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(ctx.identity as never) })
    await libp2p.dial(erin.libp2p.getMultiaddrs()[0] as never)
    await libp2p.dial(frank.libp2p.getMultiaddrs()[0] as never)
    const hosting = hostingPeers({
      libp2p,
      store: ctx.store,
      candidates: () => [erin.identity.nodeId, frank.identity.nodeId],
    })
    const unit = startRestoration({ ctx, libp2p: libp2p as never }, hosting)
    const held = () => [erin, frank].filter((h) => h.store.hasPost(view.id)).length
    try {
      await new Promise((r) => setTimeout(r, 1_000))
      expect(held()).toBe(0) // the first round is an hour away
      await node.handlers['settings.replicas.set']({ restore_every_ms: 500 })
      await waitFor(() => held() > 0, 20_000)
      await new Promise((r) => setTimeout(r, 1_500)) // three more rounds: nothing more is placed
    } finally {
      await unit.stop()
    }
    expect(held()).toBe(1)
    const page = await node.handlers['feed.page']({ query: { type: 'mine' }, limit: 5 })
    expect(page.posts[0]?.redundancy).toEqual({ live: 1, target: 1, low: false })
    await node.stop()
  })
})
