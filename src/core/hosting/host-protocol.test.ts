/**
 * `/distsoc/host/1.0.0` over real libp2p on 127.0.0.1 (WebSockets, Noise, Yamux): an honest ask
 * stores the post and its image; a post that would take hosting over 3× is refused with
 * HostingQuotaExceededError; a hostile asker that pushes its blobs anyway, lies about a blob or
 * sends garbage gets its refusal or a reset, and nothing is written.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { hexToBytes } from '@noble/hashes/utils.js'
import { afterAll, describe, expect, it } from 'vitest'
import { storeAsSyncStore } from '../app/sync-adapter.ts'
import { generateIdentity, type Identity, libp2pPrivateKey, verifyPost } from '../model/index.ts'
import type { BlobId, NodeId, SignedPost } from '../model/types.ts'
import { FrameReader, writeFrame } from '../net/frames.ts'
import { TestNodes, waitFor } from '../net/test-support/nodes.ts'
import type { Store } from '../storage/index.ts'
import { dumpTables, makePost as fakePost, openTestStore } from '../storage/test-support/fixtures.ts'
import { makePost } from '../sync/test-support/fixtures.ts'
import { askToHost } from './host-client.ts'
import { HOST_FRAME_BYTES, parseAnswer } from './host-frames.ts'
import { HOST_PROTOCOL, registerHostProtocol } from './host-server.ts'
import { hostingPeers } from './hosting-peers.ts'
import { measureHosting } from './hosting-usage.ts'
import { localHostingGate, STARTER_BYTES_SETTING } from './local-gate.ts'
import { postCost } from './post-cost.ts'

const nodes = new TestNodes()
afterAll(() => nodes.stopAll())

const now = Date.now()

/** A host node whose own post is held by one other node: its quota is 3 × cost(own). */
async function hostNode(): Promise<{
  host: Identity
  store: Store
  quota: number
  rejects: string[]
  addr: string
}> {
  const host = generateIdentity()
  const store = await openTestStore({ now: () => Date.now() })
  store.setSetting(STARTER_BYTES_SETTING, 0)
  const own = fakePost({ author: host.nodeId, content: 'own post '.repeat(100) })
  store.putPost(own)
  store.db.run('INSERT INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [
    own.id,
    generateIdentity().nodeId,
    1,
  ])
  const rejects: string[] = []
  const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(host) })
  await registerHostProtocol(libp2p, {
    gate: localHostingGate(store, host.nodeId, () => Date.now()),
    store: { ...storeAsSyncStore(store), hasPost: (id) => store.hasPost(id) },
    verifier: { verifyPost },
    now: () => Date.now(),
    onReject: (_p, reason) => rejects.push(reason),
  })
  const addr = libp2p.getMultiaddrs()[0]?.toString() ?? ''
  return { host, store, quota: 3 * postCost(own), rejects, addr }
}

/** Hosts a filler post of a stranger so that exactly `room` bytes are left under the quota. */
function leaveRoom(store: Store, quota: number, room: number, author: NodeId): void {
  let length = Math.max(0, quota - room - 300)
  for (let i = 0; i < 8; i++) {
    const filler = fakePost({ author, content: 'f'.repeat(length), created_at: now - 1000 })
    const diff = quota - room - postCost(filler)
    if (diff === 0) {
      store.putPost(filler)
      store.db.run('INSERT INTO hosted_posts (post_id, asked_by, hosted_at) VALUES (?, ?, 1)', [
        filler.id,
        author,
      ])
      return
    }
    length += diff
  }
  throw new Error('could not size the filler')
}

async function asker() {
  const id = generateIdentity()
  return { id, libp2p: await nodes.create({ privateKey: libp2pPrivateKey(id), listen: [] }) }
}

describe('hosting over real frames', () => {
  it('stores an offered post with its image, and answers `held` the second time', {
    timeout: 30_000,
  }, async () => {
    const { host, store, addr } = await hostNode()
    store.setSetting(STARTER_BYTES_SETTING, 1024 * 1024)
    const alice = await asker()
    const image = new Uint8Array(50_000).map((_, i) => i % 251)
    const made = await makePost(alice.id, now - 60_000, { attachments: [image] })
    await alice.libp2p.dial(multiaddr(addr))
    const peer = peerIdFromString(host.nodeId)
    expect(await askToHost(alice.libp2p, peer, made.post, (id) => made.blobs.get(id))).toBe('stored')
    expect(store.hasPost(made.post.id)).toBe(true)
    expect(store.getBlob(made.post.post.attachments[0]!.blob)?.bytes).toEqual(image)
    expect(store.db.all('SELECT post_id, asked_by FROM hosted_posts')).toEqual([
      { post_id: made.post.id, asked_by: alice.id.nodeId },
    ])
    expect(measureHosting(store.db, host.nodeId, 0).hosted).toBe(postCost(made.post))
    expect(await askToHost(alice.libp2p, peer, made.post, (id) => made.blobs.get(id))).toBe('held')
  })

  it('accepts a post that reaches exactly 3× and refuses the one after it, writing nothing', {
    timeout: 30_000,
  }, async () => {
    const { host, store, quota, addr } = await hostNode()
    const alice = await asker()
    await alice.libp2p.dial(multiaddr(addr))
    const fits = await makePost(alice.id, now - 50_000, { content: 'exactly at the quota' })
    leaveRoom(store, quota, postCost(fits.post), alice.id.nodeId)
    const peer = peerIdFromString(host.nodeId)
    expect(await askToHost(alice.libp2p, peer, fits.post, () => undefined)).toBe('stored')
    expect(measureHosting(store.db, host.nodeId, 0).hosted).toBe(quota)

    const next = await makePost(alice.id, now - 40_000, { content: 'one too many' })
    const before = dumpTables(store)
    await expect(askToHost(alice.libp2p, peer, next.post, () => undefined)).rejects.toMatchObject({
      name: 'HostingQuotaExceededError',
      message: expect.stringContaining('0 bytes spare'),
    })
    expect(dumpTables(store)).toEqual(before)
  })

  it('a hostile asker pushing an image past the quota gets the refusal; its blob frames write nothing', {
    timeout: 30_000,
  }, async () => {
    const { host, store, addr } = await hostNode()
    const mallory = await asker()
    await mallory.libp2p.dial(multiaddr(addr))
    const image = new Uint8Array(200_000).fill(7)
    const big = await makePost(mallory.id, now - 30_000, { attachments: [image] })
    const before = dumpTables(store)
    const stream = await mallory.libp2p.dialProtocol(peerIdFromString(host.nodeId), HOST_PROTOCOL)
    const reader = new FrameReader(stream, HOST_FRAME_BYTES)
    await writeFrame(
      stream,
      { v: 1, type: 'offer', post: big.post as unknown as Record<string, unknown> },
      HOST_FRAME_BYTES,
    )
    const [blobId, bytes] = [...big.blobs][0]!
    // pushes the blob without waiting for the answer
    await writeFrame(stream, { type: 'blob', id: hexToBytes(blobId), bytes }, HOST_FRAME_BYTES).catch(
      () => {},
    )
    const answer = parseAnswer(await reader.next())
    expect(answer).toMatchObject({ type: 'refuse', reason: 'over-quota' })
    stream.abort(new Error('done'))
    await new Promise((r) => setTimeout(r, 200))
    expect(dumpTables(store)).toEqual(before)
  })

  it('an accepted asker that sends a blob that is not its attachment is reset and nothing is stored', {
    timeout: 30_000,
  }, async () => {
    const { host, store, addr, rejects } = await hostNode()
    store.setSetting(STARTER_BYTES_SETTING, 1024 * 1024)
    const mallory = await asker()
    await mallory.libp2p.dial(multiaddr(addr))
    const made = await makePost(mallory.id, now - 20_000, { attachments: [new Uint8Array(1000).fill(1)] })
    const before = dumpTables(store)
    const stream = await mallory.libp2p.dialProtocol(peerIdFromString(host.nodeId), HOST_PROTOCOL)
    const reader = new FrameReader(stream, HOST_FRAME_BYTES)
    await writeFrame(
      stream,
      { v: 1, type: 'offer', post: made.post as unknown as Record<string, unknown> },
      HOST_FRAME_BYTES,
    )
    expect(parseAnswer(await reader.next())).toEqual({ v: 1, type: 'accept' })
    const [blobId] = [...made.blobs.keys()]
    await writeFrame(
      stream,
      { type: 'blob', id: hexToBytes(blobId!), bytes: new Uint8Array(1000).fill(2) },
      HOST_FRAME_BYTES,
    )
    await expect(reader.next()).rejects.toBeDefined()
    await waitFor(() => rejects.length > 0)
    expect(dumpTables(store)).toEqual(before)
    expect(measureHosting(store.db, host.nodeId, 0).hosted).toBe(0)
  })

  it('resets a malformed offer and a forged post, and stays up for an honest one', {
    timeout: 30_000,
  }, async () => {
    const { host, store, addr, rejects } = await hostNode()
    store.setSetting(STARTER_BYTES_SETTING, 1024 * 1024)
    const mallory = await asker()
    await mallory.libp2p.dial(multiaddr(addr))
    const peer = peerIdFromString(host.nodeId)
    const before = dumpTables(store)
    const garbage = await mallory.libp2p.dialProtocol(peer, HOST_PROTOCOL)
    await writeFrame(garbage, { v: 1, type: 'offer', post: 'nope', extra: 1 }, HOST_FRAME_BYTES)
    await expect(new FrameReader(garbage, HOST_FRAME_BYTES).next()).rejects.toBeDefined()
    const made = await makePost(mallory.id, now - 10_000)
    const forged: SignedPost = { ...made.post, post: { ...made.post.post, content: 'changed' } }
    await expect(askToHost(mallory.libp2p, peer, forged, () => undefined)).rejects.toBeDefined()
    await waitFor(() => rejects.length >= 2)
    expect(rejects).toEqual(['malformed', 'other'])
    expect(dumpTables(store)).toEqual(before)
    expect(await askToHost(mallory.libp2p, peer, made.post, () => undefined)).toBe('stored')
  })

  it('acceptsHosting asks the gate before any push: a full peer refuses, a peer with room holds an open offer', {
    timeout: 30_000,
  }, async () => {
    const full = await hostNode()
    const roomy = await hostNode()
    roomy.store.setSetting(STARTER_BYTES_SETTING, 1024 * 1024)
    const alice = await asker()
    const aliceStore = await openTestStore({ now: () => Date.now() })
    const image = new Uint8Array(20_000).map((_, i) => i % 253)
    const made = await makePost(alice.id, now - 5_000, { attachments: [image] })
    aliceStore.putPost(made.post)
    for (const [id, bytes] of made.blobs) aliceStore.putBlob(id as BlobId, bytes, 'image/png', made.post.id)
    await alice.libp2p.dial(multiaddr(full.addr))
    await alice.libp2p.dial(multiaddr(roomy.addr))
    const peers = hostingPeers({
      libp2p: alice.libp2p,
      store: aliceStore,
      candidates: () => [full.host.nodeId, roomy.host.nodeId],
      holdMs: 500,
    })
    const offer = {
      post: made.post.id,
      author: alice.id.nodeId,
      bytes: postCost(made.post),
      encrypted: false,
    }
    const fullBefore = dumpTables(full.store)
    expect(await peers.acceptsHosting(full.host.nodeId, offer)).toEqual({
      accepted: false,
      reason: 'HostingQuotaExceededError',
    })
    expect(dumpTables(full.store)).toEqual(fullBefore)

    expect(await peers.acceptsHosting(roomy.host.nodeId, offer)).toEqual({ accepted: true })
    expect(roomy.store.hasPost(made.post.id)).toBe(false) // nothing pushed yet: only the gate answered
    expect(await peers.push(roomy.host.nodeId, made.post.id)).toEqual({ accepted: true })
    expect(roomy.store.getBlob(made.post.post.attachments[0]!.blob)?.bytes).toEqual(image)

    // an accepted offer nobody pushes is withdrawn; the host releases its reservation and writes nothing
    const other = await makePost(alice.id, now - 4_000, { attachments: [new Uint8Array(5_000).fill(3)] })
    aliceStore.putPost(other.post)
    for (const [id, bytes] of other.blobs) aliceStore.putBlob(id as BlobId, bytes, 'image/png', other.post.id)
    const spareBefore = localHostingGate(roomy.store, roomy.host.nodeId, () => Date.now()).spare()
    const otherOffer = { ...offer, post: other.post.id, bytes: postCost(other.post) }
    expect(await peers.acceptsHosting(roomy.host.nodeId, otherOffer)).toEqual({ accepted: true })
    await new Promise((r) => setTimeout(r, 900))
    expect(roomy.store.hasPost(other.post.id)).toBe(false)
    expect(localHostingGate(roomy.store, roomy.host.nodeId, () => Date.now()).spare()).toBe(spareBefore)
    peers.close()
  })
})
