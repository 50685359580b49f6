/**
 * Liveness piggybacks on sync over real libp2p (127.0.0.1, WebSockets, Noise, Yamux): with liveness
 * wired, a node registers no protocol but sync, opens exactly one stream per pull (the sync
 * stream), and the author's book still learns that the holder holds its posts.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Connection } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, describe, expect, it } from 'vitest'
import { type Identity, libp2pPrivateKey, shouldSendPost } from '../model/index.ts'
import { registerSyncProtocol, SYNC_PROTOCOL, type SyncDeps, syncWithPeer } from '../sync/index.ts'
import { generateIdentity, makePost, storeWith } from '../sync/test-support/fixtures.ts'
import type { MemorySyncStore } from '../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { ReplicaBook } from './replica-book.ts'
import { ReportOutbox } from './report-outbox.ts'
import { syncLiveness } from './sync-liveness.ts'
import { memoryCopies } from './test-support/memory-copies.ts'

const nodes: Libp2p[] = []
afterAll(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(identity: Identity, store: MemorySyncStore, book: ReplicaBook) {
  const libp2p = await createLibp2p({
    privateKey: libp2pPrivateKey(identity),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  const before = libp2p.getProtocols()
  const deps: SyncDeps = {
    store,
    verifier: modelVerifier,
    liveness: syncLiveness({
      book,
      outbox: new ReportOutbox(),
      lookup: memoryCopies(store),
      mayProve: (requester, post) => shouldSendPost(post, requester, new Set([post.post.author])),
      now: () => Date.now(),
    }),
  }
  await registerSyncProtocol(libp2p, deps)
  return { libp2p, deps, added: libp2p.getProtocols().filter((p) => !before.includes(p)) }
}

describe('liveness over libp2p', () => {
  it('adds no protocol and no stream: the probe and its answer travel inside the sync session', {
    timeout: 60_000,
  }, async () => {
    const alice = generateIdentity()
    const bob = generateIdentity()
    const now = Date.now()
    const posts = await Promise.all(
      [1, 2, 3].map((i) => makePost(alice, now - i * 1000, { attachments: [new Uint8Array([i])] })),
    )
    const aliceBook = new ReplicaBook({ dropAfterMs: 60_000 })
    for (const p of posts) {
      aliceBook.track(p.post.id, alice.nodeId)
      aliceBook.recordProof(bob.nodeId, p.post.id, true, now - 59_000)
    }
    const a = await node(alice, storeWith(posts), aliceBook)
    const b = await node(bob, storeWith(posts), new ReplicaBook())
    expect(a.added).toEqual([SYNC_PROTOCOL])
    expect(b.added).toEqual([SYNC_PROTOCOL])

    await a.libp2p.dial(b.libp2p.getMultiaddrs()[0] as never)
    const opened: string[] = []
    const dialProtocol = a.libp2p.dialProtocol.bind(a.libp2p)
    a.libp2p.dialProtocol = ((peer: never, protocols: string | string[], options?: never) => {
      opened.push(...[protocols].flat())
      return dialProtocol(peer, protocols, options)
    }) as typeof a.libp2p.dialProtocol
    for (const conn of a.libp2p.getConnections(b.libp2p.peerId)) {
      const newStream = conn.newStream.bind(conn)
      ;(conn as { newStream: Connection['newStream'] }).newStream = ((
        protocols: string | string[],
        options?: never,
      ) => {
        opened.push(...[protocols].flat())
        return newStream(protocols, options)
      }) as Connection['newStream']
    }
    await syncWithPeer(a.libp2p, b.libp2p.peerId, a.deps, { wants: [alice.nodeId] })
    expect(opened).toEqual([SYNC_PROTOCOL])
    for (const p of posts) expect(aliceBook.liveHolders(p.post.id, now + 30_000)).toEqual([bob.nodeId])
  })
})
