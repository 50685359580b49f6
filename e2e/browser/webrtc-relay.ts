/** Test helper: a Node libp2p circuit relay on loopback WebSockets (import scripts/polyfills.mjs first). */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'

/** Starts a relay with js-libp2p's default circuit limits (128 KiB, 2 min per relayed connection). */
export async function startRelay(): Promise<{ node: Libp2p; addr: string }> {
  const node = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), relay: circuitRelayServer() },
  })
  const addr = node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'))
  if (addr === undefined) throw new Error('relay has no ws address')
  return { node, addr: addr.toString() }
}
