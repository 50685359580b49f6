import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import { libp2pPrivateKey, signProfile } from '../../src/core/model/index.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import { createDistsocLibp2p, type DistsocLibp2p } from '../../src/core/net/index.ts'
import { waitFor } from '../../src/core/net/test-support/nodes.ts'
import { registerSyncProtocol, SYNC_PROTOCOL, syncWithPeer } from '../../src/core/sync/index.ts'
import {
  generateIdentity,
  type Identity,
  makePost,
  storeWith,
} from '../../src/core/sync/test-support/fixtures.ts'
import { MemorySyncStore } from '../../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import { syncMailbox } from './sync-mailbox.ts'

const cleanup: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function anchorWith(quota?: { perAuthorPosts: number }): Promise<RunningAnchor> {
  const anchor = await startAnchor({
    logLevel: 'silent',
    mailbox: syncMailbox({ minIntervalMs: 0 }),
    ...(quota === undefined ? {} : { quota }),
  })
  cleanup.push(() => anchor.stop())
  return anchor
}

async function nodeOf(identity: Identity): Promise<DistsocLibp2p> {
  const node = await createDistsocLibp2p({
    privateKey: libp2pPrivateKey(identity),
    transports: [webSockets()],
  })
  cleanup.push(() => node.stop())
  return node
}

/** An author online with posts, whose profile lists `anchors`; it dials the first anchor. */
async function authorChecksIn(anchor: RunningAnchor, listsAnchor: boolean, reader: NodeId) {
  const author = generateIdentity()
  const posts = [
    await makePost(author, Date.now() - 3000),
    await makePost(author, Date.now() - 2000),
    await makePost(author, Date.now() - 1000, { recipients: [reader] }),
  ]
  const store = storeWith(posts)
  store.seedProfile(
    await signProfile(author, {
      v: 1,
      author: author.nodeId,
      display_name: 'author',
      bio: '',
      anchors: listsAnchor ? [anchor.multiaddrs[0]!] : [],
      updated_at: Date.now() - 5000,
    }),
  )
  const node = await nodeOf(author)
  await registerSyncProtocol(node, { store, verifier: modelVerifier })
  await node.dial(multiaddr(anchor.multiaddrs[0]!))
  return { author, node, posts }
}

describe('anchor mailbox (sync on the anchor store)', () => {
  it('advertises the sync protocol', async () => {
    const anchor = await anchorWith()
    expect(anchor.mailbox.protocols).toContain(SYNC_PROTOCOL)
    expect(await anchor.libp2p.peerStore.get(anchor.libp2p.peerId).then((p) => p.protocols)).toContain(
      SYNC_PROTOCOL,
    )
  })

  it('pulls a listing author on check-in and serves the posts after the author goes offline', async () => {
    const anchor = await anchorWith()
    const readerId = generateIdentity()
    const { author, node } = await authorChecksIn(anchor, true, readerId.nodeId)
    await waitFor(() => anchor.metrics.counters.checkIns >= 1 && anchor.mailbox.stats().posts >= 2, 10_000)
    await node.stop()

    const reader = await nodeOf(readerId)
    await reader.dial(multiaddr(anchor.multiaddrs[0]!))
    const readerStore = new MemorySyncStore()
    const result = await syncWithPeer(
      reader,
      anchor.libp2p.peerId,
      { store: readerStore, verifier: modelVerifier },
      { wants: [author.nodeId] },
    )
    expect(result.received.posts).toBe(anchor.mailbox.stats().posts)
    expect(result.received.posts).toBeGreaterThanOrEqual(2)
    expect(readerStore.profiles.get(author.nodeId)?.record.anchors).toEqual([anchor.multiaddrs[0]])
    const metrics = anchor.metrics.snapshot()
    expect(metrics['stored_posts']).toBe(result.received.posts)
  })

  it('keeps no posts of an author whose profile does not list it', async () => {
    const anchor = await anchorWith()
    await authorChecksIn(anchor, false, generateIdentity().nodeId)
    await waitFor(() => anchor.metrics.counters.checkIns >= 1, 10_000)
    expect(anchor.mailbox.stats().posts).toBe(0)
  })

  it('refuses posts over the per-author quota and counts it', async () => {
    const anchor = await anchorWith({ perAuthorPosts: 1 })
    await authorChecksIn(anchor, true, generateIdentity().nodeId)
    await waitFor(() => anchor.metrics.counters.mailboxQuotaRejections >= 1, 10_000)
    expect(anchor.mailbox.stats().posts).toBe(1)
  })
})
