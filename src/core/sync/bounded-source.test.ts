/**
 * boundedSource over real libp2p on 127.0.0.1 (WebSockets, Noise, Yamux): of a peer's 24 MiB
 * written as fast as libp2p lets it, a reader that has stopped reading is handed no more than the
 * bound plus one message — with libp2p's own iterator it is handed all of it, into memory — and,
 * with the product's yamux window (YAMUX_INIT), once the reader reads again every byte arrives.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Stream } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, describe, expect, it } from 'vitest'
import { YAMUX_INIT } from '../net/create-libp2p.ts'
import { boundedSource } from './bounded-source.ts'

const PROTOCOL = '/distsoc/test/flood/1.0.0'
const CHUNK = 64 << 10
const TOTAL = 24 << 20
/** The bound design §9 states for the product (boundedSource's default). */
const BOUND = 1 << 20

const nodes: Libp2p[] = []
afterAll(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(): Promise<Libp2p> {
  const libp2p = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux(YAMUX_INIT)],
  })
  nodes.push(libp2p)
  return libp2p
}

/** A writer that sends TOTAL bytes (a counter byte per chunk) as fast as libp2p lets it. */
async function flooder(): Promise<{ node: Libp2p }> {
  const writer = await node()
  let written = 0
  await writer.handle(PROTOCOL, async (stream: Stream) => {
    for (let i = 0; written < TOTAL; i++) {
      const chunk = new Uint8Array(CHUNK).fill(i % 251)
      written += CHUNK
      if (!stream.send(chunk)) await stream.onDrain()
    }
    await stream.close()
  })
  return { node: writer }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A reader's stream from a flooder, and the bytes libp2p has handed to the reader's side of it
 * (its 'message' events).
 */
async function flooded(): Promise<{ stream: Stream; handed: () => number }> {
  const { node: writer } = await flooder()
  const reader = await node()
  const stream = await reader.dialProtocol(writer.getMultiaddrs()[0]!, PROTOCOL)
  let bytes = 0
  stream.addEventListener('message', (event) => {
    bytes += event.data.byteLength
  })
  return { stream, handed: () => bytes }
}

describe('boundedSource', () => {
  it('holds a flooding writer back while the reader does not read, and loses nothing', {
    timeout: 60_000,
  }, async () => {
    const { stream, handed } = await flooded()
    const source = boundedSource(stream)[Symbol.asyncIterator]()
    const first = await source.next()
    expect(first.done).toBe(false)
    await settle(1500) // the reader is busy: nothing taken
    expect(handed()).toBeLessThanOrEqual(BOUND + 2 * CHUNK)
    let received = first.value?.byteLength ?? 0
    for (let r = await source.next(); r.done !== true; r = await source.next()) received += r.value.byteLength
    expect(received).toBe(TOTAL)
  })

  it("libp2p's own iterator lets the same writer fill the reader's memory (what the bound is for)", {
    timeout: 60_000,
  }, async () => {
    const { stream, handed } = await flooded()
    const source = stream[Symbol.asyncIterator]()
    await source.next()
    await settle(1500)
    expect(handed()).toBeGreaterThan(4 * BOUND)
    stream.abort(new Error('done'))
  })
})
