import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import { libp2pPrivateKey } from '../model/index.ts'
import { registerSyncProtocol, SYNC_PROTOCOL, type SyncServeLimits, syncWithPeer } from './libp2p-handler.ts'
import { PullBudget } from './pull-budget.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const nodes: Libp2p[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(): Promise<Libp2p> {
  const libp2p = await createLibp2p({
    privateKey: libp2pPrivateKey(generateIdentity()),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  return libp2p
}

async function pair(limits: SyncServeLimits) {
  const author = generateIdentity()
  const server = await node()
  await registerSyncProtocol(
    server,
    { store: storeWith([await makePost(author, Date.now() - 1000)]), verifier: modelVerifier },
    limits,
  )
  const client = await node()
  await client.dial(server.getMultiaddrs()[0]!)
  const pull = () =>
    syncWithPeer(
      client,
      server.peerId,
      { store: new MemorySyncStore(), verifier: modelVerifier },
      { wants: [author.nodeId] },
    )
  return { server, client, pull }
}

describe('bounds on served pulls', { timeout: 30_000 }, () => {
  it('refuses a pull over the budget with a SyncBusyError the requester sees, and counts why', async () => {
    const busy: string[] = []
    const { pull } = await pair({
      budget: new PullBudget({ perPeerPerMinute: 1 }),
      onBusy: (_, reason) => busy.push(reason),
    })
    expect((await pull()).received.posts).toBe(1)
    await expect(pull()).rejects.toMatchObject({ name: 'SyncBusyError' })
    expect(busy).toEqual(['peer-rate'])
  })

  it('resets a responder that never answers at the pull deadline, freeing the puller', async () => {
    const server = await node()
    // a hostile holder: takes the stream and sits on it
    await server.handle(SYNC_PROTOCOL, () => {})
    const client = await node()
    await client.dial(server.getMultiaddrs()[0]!)
    const start = Date.now()
    await expect(
      syncWithPeer(
        client,
        server.peerId,
        { store: new MemorySyncStore(), verifier: modelVerifier, timeoutMs: 20_000 },
        { wants: [generateIdentity().nodeId], deadlineMs: 500 },
      ),
    ).rejects.toThrow()
    expect(Date.now() - start).toBeLessThan(3000)
  })
})
