/**
 * Issue 10, cases 1–3, as a hostile peer would try them over real libp2p through a real anchor:
 * a peer calling itself an anchor gets no encrypted post; a hello to a random peer names no follow;
 * a DM leaves no trace on the public topic yet reaches its online recipient by push; the
 * topic validator drops a malformed or badly signed announcement and scores its sender down.
 */

import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { ed25519 } from '@noble/curves/ed25519.js'
import { afterAll, describe, expect, it } from 'vitest'
import { generateIdentity, libp2pPrivateKey } from '../../src/core/model/index.ts'
import type { NodeId, PostId } from '../../src/core/model/types.ts'
import { createDistsocLibp2p, type DistsocLibp2p, exchangePeers } from '../../src/core/net/index.ts'
import {
  ANNOUNCE_TOPIC,
  decodeAnnouncement,
  encodeAnnouncement,
  signAnnouncement,
  syncWithPeer,
} from '../../src/core/sync/index.ts'
import { nodeIdToKey } from '../../src/core/sync/node-id-key.ts'
import { MemorySyncStore } from '../../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'
import { anchoredUsers } from './anchored-users.ts'
import { startMisbehavingPeer } from './misbehaving-peer.ts'
import { eventually, type TestUser } from './node-harness.ts'

// maintenance every minute: only announcements and notices bring news within a test
const net = anchoredUsers({ maintainEveryMs: 60_000 })
const { user } = net
const nodes: DistsocLibp2p[] = []
const WS = '/ip4/127.0.0.1/tcp/0/ws'

const idOf = async (u: TestUser) => (await u.call('node.status', {})).node_id as NodeId
const wsAddr = (u: TestUser) =>
  u.service
    .network()
    ?.libp2p.getMultiaddrs()
    .map(String)
    .find((a) => a.includes('/ws/') && !a.includes('p2p-circuit'))

/** A bare libp2p node on the announcement topic that records what it hears. */
async function spy(): Promise<{
  node: DistsocLibp2p
  heard: Uint8Array[]
  identity: ReturnType<typeof generateIdentity>
}> {
  const identity = generateIdentity()
  const node = await createDistsocLibp2p({
    privateKey: libp2pPrivateKey(identity),
    transports: [webSockets()],
  })
  nodes.push(node)
  const heard: Uint8Array[] = []
  node.services.pubsub.addEventListener('gossipsub:message', (evt) => {
    if (evt.detail.msg.topic === ANNOUNCE_TOPIC) heard.push(evt.detail.msg.data)
  })
  node.services.pubsub.subscribe(ANNOUNCE_TOPIC)
  await node.dial(multiaddr(net.anchor.multiaddrs[0]!))
  const gossip = net.anchor.libp2p.services.pubsub as unknown as { getMeshPeers(topic: string): string[] }
  await eventually(() => gossip.getMeshPeers(ANNOUNCE_TOPIC).includes(node.peerId.toString()))
  return { node, heard, identity }
}
const verify = async (id: NodeId, m: Uint8Array, s: Uint8Array) => ed25519.verify(s, m, nodeIdToKey(id))
const authorsOf = async (heard: Uint8Array[]) =>
  Promise.all(
    heard.map(async (b) => (await decodeAnnouncement(b, verify, Date.now()).catch(() => undefined))?.author),
  )

afterAll(async () => {
  await Promise.allSettled(nodes.map((n) => n.stop()))
})

describe('case 1: a peer that calls itself an anchor', () => {
  it('gets none of the victim’s encrypted posts, and cannot rewrite where the victim dials others', async () => {
    const alice = await user('Alice1', { listen: [WS] })
    const bob = await user('Bob1')
    const aliceId = await idOf(alice)
    const bobId = await idOf(bob)
    await alice.call('post.create', { content: 'hello world', intent: { type: 'public' }, attachments: [] })
    await alice.call('messages.send', { to: bobId, content: 'our secret' })
    await eventually(() => alice.store.getPeer(net.anchor.nodeId as NodeId) !== undefined)

    const fake = await createDistsocLibp2p({
      privateKey: libp2pPrivateKey(generateIdentity()),
      transports: [webSockets()],
      listen: [WS],
    })
    nodes.push(fake)
    const fakeId = fake.peerId.toString() as NodeId
    await fake.dial(multiaddr(wsAddr(alice)!))
    await exchangePeers(fake, alice.service.network()!.libp2p.peerId, {
      routingState: () => ({
        anchors: [
          { id: fakeId, addrs: fake.getMultiaddrs().map(String) },
          { id: bobId, addrs: ['/ip4/203.0.113.9/tcp/443/wss'] },
        ],
        mesh: [],
        n2: [],
      }),
      onPeersMessage: () => {},
    })
    const store = new MemorySyncStore()
    await syncWithPeer(
      fake,
      alice.service.network()!.libp2p.peerId,
      { store, verifier: modelVerifier },
      {
        wants: [aliceId, bobId],
      },
    )
    const got = [...store.posts.values()]
    expect(got.some((p) => p.visibility.type === 'public')).toBe(true) // the control: the pull works
    expect(got.filter((p) => p.visibility.type === 'encrypted')).toHaveLength(0)
    expect(alice.store.getPeer(fakeId)?.is_anchor).not.toBe(true)
    expect(alice.store.getPeer(bobId)?.addresses ?? []).not.toContain('/ip4/203.0.113.9/tcp/443/wss')
    // the real anchor, which Alice lists, does hold the DM
    await eventually(() => net.anchor.mailbox.stats().posts >= 2)
  })
})

describe('case 2: a hello to a random peer', () => {
  it('names the node itself and no follow', async () => {
    const alice = await user('Alice2', { listen: [WS] })
    const bob = await user('Bob2')
    const carol = await user('Carol2')
    const aliceId = await idOf(alice)
    await alice.call('follow.add', { target: await idOf(bob) })
    await alice.call('follow.add', { target: await idOf(carol) })
    const stranger = await startMisbehavingPeer({ listen: [WS] })
    try {
      const pulled = stranger.answerPulls(async (ch) => {
        await ch.write((await import('./misbehaving-peer.ts')).frame({ type: 'over' }))
      }, aliceId)
      await stranger.dial(wsAddr(alice)!)
      const outcome = await pulled
      expect(outcome.wants).toEqual([aliceId])
    } finally {
      await stranger.stop()
    }
  })
})

describe('case 3: private activity and the public topic', () => {
  it('puts no announcement of a DM on the topic, yet the online recipient gets it by push alone', async () => {
    const alice = await user('Alice3')
    const bob = await user('Bob3')
    const aliceId = await idOf(alice)
    const bobId = await idOf(bob)
    await bob.call('follow.add', { target: aliceId })
    await eventually(async () => (await bob.call('node.status', {})).connections > 0)
    await eventually(async () => (await alice.call('node.status', {})).connections > 0)
    const watcher = await spy()
    const sent = Date.now()
    await alice.call('messages.send', { to: bobId, content: 'just between us' })
    await eventually(
      async () => (await bob.call('messages.threads', {})).some((t) => t.last_preview === 'just between us'),
      5000,
    )
    // maintenance runs once a minute here, so only the notice can have brought it; the p95 ≤ 1 s
    // target is measured by the bench (bench/notice.ts) on a quiet machine, not asserted on a busy one
    expect(Date.now() - sent).toBeLessThan(5000)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await authorsOf(watcher.heard)).not.toContain(aliceId)
    // the control: a public post is announced where the watcher hears it
    await alice.call('post.create', { content: 'for everyone', intent: { type: 'public' }, attachments: [] })
    await eventually(async () => (await authorsOf(watcher.heard)).includes(aliceId), 5000)
  })

  it('drops a malformed or badly signed announcement at the anchor and scores its sender down', async () => {
    const listener = await spy()
    const sender = await spy()
    const pubsub = sender.node.services.pubsub
    const signed = (who: typeof sender.identity, author = who.nodeId) =>
      signAnnouncement({ author, id: 'cd'.repeat(32) as PostId, created_at: Date.now() }, async (m) =>
        ed25519.sign(m, who.seed),
      )
    const forged = await signed(sender.identity, generateIdentity().nodeId)
    await pubsub.publish(ANNOUNCE_TOPIC, Uint8Array.of(0xa1, 0x61, 0x76, 0x01))
    await pubsub.publish(ANNOUNCE_TOPIC, encodeAnnouncement(forged))
    await pubsub.publish(ANNOUNCE_TOPIC, new Uint8Array(600))
    await pubsub.publish(ANNOUNCE_TOPIC, encodeAnnouncement(await signed(sender.identity)))
    await eventually(async () => (await authorsOf(listener.heard)).includes(sender.identity.nodeId), 5000)
    expect(listener.heard).toHaveLength(1)
    const gossip = net.anchor.libp2p.services.pubsub as unknown as { getScore(id: string): number }
    await eventually(() => gossip.getScore(sender.node.peerId.toString()) < 0, 5000)
  })
})
