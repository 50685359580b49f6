import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Stream } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import { PULL_RECEIVE_WINDOW, widenReceiveWindow } from './receive-window.ts'

const PROTOCOL = '/distsoc/test/window/1.0.0'
const nodes: Libp2p[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(): Promise<Libp2p> {
  const libp2p = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  return libp2p
}

/** The sender's view of how much it may send ahead (js-yamux's field). */
const sendWindowOf = (stream: Stream): number =>
  (stream as unknown as { sendWindowCapacity: number }).sendWindowCapacity

describe('widenReceiveWindow', () => {
  it('lets the remote of a yamux stream send 4 MiB ahead instead of 256 KiB', async () => {
    const server = await node()
    const client = await node()
    let served: Stream | undefined
    await server.handle(PROTOCOL, (stream) => {
      served = stream
    })
    const stream = await client.dialProtocol(server.getMultiaddrs()[0]!, PROTOCOL)
    const before = await (async () => {
      stream.send(Uint8Array.of(1))
      await expect.poll(() => served).toBeDefined()
      return sendWindowOf(served as Stream)
    })()
    expect(widenReceiveWindow(stream)).toBeGreaterThanOrEqual(PULL_RECEIVE_WINDOW)
    await expect.poll(() => sendWindowOf(served as Stream)).toBeGreaterThanOrEqual(PULL_RECEIVE_WINDOW)
    expect(before).toBeLessThanOrEqual(256 * 1024)
  })

  it('never narrows a window and stops at the muxer maximum', () => {
    const wide = { recvWindow: 8 * 2 ** 20, maxStreamWindowSize: 16 * 2 ** 20 } as unknown as Stream
    expect(widenReceiveWindow(wide, 2 ** 20)).toBe(8 * 2 ** 20)
    const capped = { recvWindow: 2 ** 18, maxStreamWindowSize: 2 ** 20 } as unknown as Stream
    expect(widenReceiveWindow(capped, 4 * 2 ** 20)).toBe(2 ** 20)
  })

  it('leaves a stream of another muxer alone', () => {
    const other = { send: () => true } as unknown as Stream
    expect(widenReceiveWindow(other)).toBeUndefined()
    expect(other).not.toHaveProperty('recvWindow')
  })
})
