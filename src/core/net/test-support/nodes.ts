/**
 * Test helpers: distsoc libp2p nodes over real WebSockets on 127.0.0.1 (docs/design.md §10), stopped
 * together at the end of a test file.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { ServiceMap } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { createDistsocLibp2p, type DistsocLibp2p, type DistsocLibp2pOptions } from '../create-libp2p.ts'

/** Tracks nodes to stop after the tests. */
export class TestNodes {
  private readonly nodes: DistsocLibp2p[] = []

  /** A started node listening on a free 127.0.0.1 WebSocket port (or not listening, with `listen: []`). */
  async create(opts: Partial<DistsocLibp2pOptions<ServiceMap>> = {}): Promise<DistsocLibp2p> {
    const node = await createDistsocLibp2p({
      privateKey: await generateKeyPair('Ed25519'),
      transports: [webSockets()],
      listen: ['/ip4/127.0.0.1/tcp/0/ws'],
      ...opts,
    })
    this.nodes.push(node)
    return node
  }

  /** Stops every node created so far. */
  async stopAll(): Promise<void> {
    await Promise.allSettled(this.nodes.splice(0).map((n) => n.stop()))
  }
}

/** Polls `check` until it returns true or `ms` pass. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`condition not met within ${ms} ms`)
}
