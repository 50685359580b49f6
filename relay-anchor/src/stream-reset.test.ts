import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Stream } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorName } from '../../src/core/errors.ts'
import { type Frame, FrameDecoder, PullBudget, SYNC_PROTOCOL } from '../../src/core/sync/index.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import { syncMailbox } from './sync-mailbox.ts'

let anchor: RunningAnchor
let roomy: RunningAnchor
let stock: Libp2p

beforeAll(async () => {
  anchor = await startAnchor({
    logLevel: 'silent',
    // one stock client sends every bad frame here: no offender cut, which offenders.test.ts covers
    offenders: { coolDownMs: 0 },
    mailbox: syncMailbox({
      readTimeoutMs: 1000,
      serve: { sessionDeadlineMs: 2000, budget: new PullBudget({ perPeer: 2 }) },
    }),
  })
  roomy = await startAnchor({
    logLevel: 'silent',
    mailbox: syncMailbox({ serve: { budget: new PullBudget({ perPeer: 100 }) } }),
  })
  // a stock js-libp2p client: not our code, none of our limits
  stock = await createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
})
afterAll(async () => {
  await stock.stop()
  await anchor.stop()
  await roomy.stop()
})

interface Ending {
  ms: number
  how: string
  frames: Frame[]
}

/** Reads `stream` to its end; how it ended (closed or the error's name), when, and the frames seen. */
async function ending(stream: Stream, start: number): Promise<Ending> {
  const decoder = new FrameDecoder()
  const frames: Frame[] = []
  try {
    for await (const chunk of stream) frames.push(...decoder.push(chunk))
    return { ms: Date.now() - start, how: 'closed', frames }
  } catch (err) {
    return { ms: Date.now() - start, how: errorName(err), frames }
  }
}

/** Opens a sync stream on `to`, sends `chunks` (waiting for drain like a real client) and waits for the end. */
async function send(to: RunningAnchor, chunks: Uint8Array[]): Promise<Ending> {
  const start = Date.now()
  const stream = await stock.dialProtocol(multiaddr(to.multiaddrs[0]!), SYNC_PROTOCOL)
  const ended = ending(stream, start)
  for (const c of chunks) if (!stream.send(c)) await stream.onDrain().catch(() => {})
  return ended
}

const MiB = 1024 * 1024

describe('refused sync streams at the anchor (issue 11 case 5, stock libp2p client)', {
  timeout: 60_000,
}, () => {
  it('resets a 4 MiB length prefix followed by 4 MiB at once', async () => {
    const prefix = Uint8Array.of(0x80, 0x80, 0x80, 0x02)
    const split = await send(anchor, [prefix, new Uint8Array(4 * MiB)])
    expect(split.how).toBe('StreamResetError')
    expect(split.ms).toBeLessThan(2000)
    const whole = new Uint8Array(4 * MiB + 4)
    whole.set(prefix)
    const one = await send(anchor, [whole])
    expect(one.how).toBe('StreamResetError')
    expect(one.ms).toBeLessThan(2000)
    expect(anchor.metrics.rejectedTotal(SYNC_PROTOCOL)).toBeGreaterThanOrEqual(2)
  })

  it('resets a 2^31 prefix, random bytes and truncated CBOR at once', async () => {
    const random = crypto.getRandomValues(new Uint8Array(4096))
    random[0] = 0x10
    for (const chunks of [[Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x08), new Uint8Array(1024)], [random]]) {
      const r = await send(anchor, chunks)
      expect(r.how).toBe('StreamResetError')
      expect(r.ms).toBeLessThan(2000)
    }
  })

  it('resets a silent stream after the read timeout and a trickling one at the session deadline', async () => {
    const silent = await send(anchor, [])
    expect(silent.how).toBe('StreamResetError')
    expect(silent.ms).toBeLessThan(3000)

    // a 60 KiB frame announced, then one byte every 300 ms: each read is in time, the session is not
    const start = Date.now()
    const stream = await stock.dialProtocol(multiaddr(anchor.multiaddrs[0]!), SYNC_PROTOCOL)
    const ended = ending(stream, start)
    stream.send(Uint8Array.of(0x80, 0xe0, 0x03))
    const trickle = setInterval(() => {
      try {
        stream.send(Uint8Array.of(0))
      } catch {
        clearInterval(trickle)
      }
    }, 300)
    const r = await ended
    clearInterval(trickle)
    expect(r.how).toBe('StreamResetError')
    expect(r.ms).toBeGreaterThanOrEqual(1500)
    expect(r.ms).toBeLessThan(4000)
  })

  it('refuses a pull over the per-peer budget with SyncBusyError, then resets it', async () => {
    const budgeted = await startAnchor({
      logLevel: 'silent',
      mailbox: syncMailbox({ serve: { budget: new PullBudget({ perPeer: 1 }) } }),
    })
    try {
      const first = await stock.dialProtocol(multiaddr(budgeted.multiaddrs[0]!), SYNC_PROTOCOL)
      const start = Date.now()
      const second = await stock.dialProtocol(multiaddr(budgeted.multiaddrs[0]!), SYNC_PROTOCOL)
      const r = await ending(second, start)
      expect(r.frames).toEqual([expect.objectContaining({ type: 'error', name: 'SyncBusyError' })])
      expect(r.how).toBe('StreamResetError')
      expect(r.ms).toBeLessThan(1000)
      first.abort(new Error('done'))
    } finally {
      await budgeted.stop()
    }
  })

  it('caps inbound sync streams per connection', async () => {
    const open: Stream[] = []
    try {
      for (let i = 0; i < 4; i++)
        open.push(await stock.dialProtocol(multiaddr(roomy.multiaddrs[0]!), SYNC_PROTOCOL))
      const start = Date.now()
      const fifth = await stock.dialProtocol(multiaddr(roomy.multiaddrs[0]!), SYNC_PROTOCOL).then(
        (s) => ending(s, start),
        (err: Error) => ({ how: err.name, ms: Date.now() - start, frames: [] }),
      )
      // refused by libp2p before any handler runs: no frame, ended at once, the others still open
      expect(fifth.frames).toEqual([])
      expect(fifth.ms).toBeLessThan(1000)
      expect(open.every((s) => s.status === 'open')).toBe(true)
    } finally {
      for (const s of open) s.abort(new Error('done'))
    }
  })
})
