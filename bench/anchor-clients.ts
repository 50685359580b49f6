/**
 * Child process of the anchor bench: opens `count` idle libp2p connections (one peer each, over
 * 127.0.0.1 WebSockets) to the anchor at `addr`, prints `ready <n>` and holds them until SIGTERM.
 * Usage: node --import ./scripts/register-polyfills.mjs --import tsx bench/anchor-clients.ts <addr> <count>
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Libp2p } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

const [addr, countText] = process.argv.slice(2)
const count = Number(countText)
const nodes: Libp2p[] = []
let opened = 0
let failed = 0

async function openOne(): Promise<void> {
  const node = await createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // idle peers: the anchor's own keep-alive decides; a busy bench process must not drop them
    connectionMonitor: { enabled: false },
  })
  nodes.push(node)
  try {
    await node.dial(multiaddr(addr!))
    opened++
  } catch {
    failed++
  }
}

for (let i = 0; i < count; i += 20) {
  await Promise.all(Array.from({ length: Math.min(20, count - i) }, openOne))
}
console.log(`ready ${opened} ${failed}`)
process.on('SIGTERM', () => {
  void Promise.allSettled(nodes.map((n) => n.stop())).then(() => process.exit(0))
})
setInterval(() => {}, 60_000)
