/**
 * Verifier threads (issue 12) over real MessagePorts, the thread's side being the product's
 * serveVerifier: answers equal `ed25519Best.verify`'s for valid and forged signatures, and a thread
 * that stalls, answers garbage or answers for the wrong batch is dropped with every check it held
 * rerun on this thread — never lost, never answered wrong.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ed25519Best, ed25519PublicKey, randomBytes, sign, utf8 } from '../../core/crypto/index.ts'
import { type BatchRequest, decodeChecks, encodeChecks, THREAD_READY } from './batch-codec.ts'
import { serveVerifier } from './serve-verifier.ts'
import { VerifyPool } from './verify-pool.ts'

const seed = randomBytes(32)
const pub = ed25519PublicKey(seed)

async function checks(
  n: number,
): Promise<{ pub: Uint8Array; msg: Uint8Array; sig: Uint8Array; valid: boolean }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const msg = utf8(`post ${i}`)
      const sig = await sign(seed, msg)
      if (i % 3 === 0) sig[5] = (sig[5] ?? 0) ^ 1 // every third one forged
      return { pub, msg, sig, valid: i % 3 !== 0 }
    }),
  )
}

const open: MessagePort[] = []
afterEach(() => {
  for (const p of open.splice(0)) p.close()
})

function channel(): MessageChannel {
  const c = new MessageChannel()
  open.push(c.port1, c.port2)
  return c
}

/** Resolves once the pool has `n` ready threads. */
async function readyThreads(p: VerifyPool, n: number): Promise<void> {
  for (let i = 0; i < 100 && p.ready < n; i++) await new Promise((r) => setTimeout(r, 5))
  expect(p.ready).toBe(n)
}

/** A pool whose local fallback counts what it ran. */
function pool(replyTimeoutMs = 5000): { pool: VerifyPool; localRuns: () => number } {
  let runs = 0
  const p = new VerifyPool({
    local: (k, m, s) => {
      runs++
      return ed25519Best.verify(k, m, s)
    },
    batchMax: 16,
    replyTimeoutMs,
  })
  return { pool: p, localRuns: () => runs }
}

describe('VerifyPool', () => {
  it('answers nothing without a thread, so the caller checks on its own thread', () => {
    const { pool: p } = pool()
    expect(p.verify(pub, utf8('x'), new Uint8Array(64))).toBeUndefined()
  })

  it("checks are shared with a real thread, whose answers are ed25519's, forged signatures false", async () => {
    const { pool: p, localRuns } = pool()
    const c = channel()
    serveVerifier(c.port1)
    p.attach(c.port2)
    await readyThreads(p, 1)
    const all = await checks(64)
    const answers = await Promise.all(all.map((k) => p.verify(k.pub, k.msg, k.sig)))
    expect(answers).toEqual(all.map((k) => k.valid))
    expect(localRuns()).toBe(32) // every other batch of 16
    expect(p.size).toBe(1)
  })

  it('a thread that never says it is ready gets no checks and is dropped', async () => {
    const { pool: p } = pool(50)
    p.attach(channel().port2) // nobody serves the other end
    expect(p.verify(pub, utf8('x'), new Uint8Array(64))).toBeUndefined()
    await new Promise((r) => setTimeout(r, 80))
    expect(p.size).toBe(0)
  })

  /** A pool with one ready thread that answers each batch with `answer` (or not at all). */
  async function lyingThread(
    answer: ((request: BatchRequest) => unknown) | undefined,
    replyTimeoutMs?: number,
  ) {
    const made = pool(replyTimeoutMs)
    const c = channel()
    if (answer !== undefined)
      c.port1.onmessage = (event: MessageEvent<BatchRequest>) => c.port1.postMessage(answer(event.data))
    c.port1.postMessage(THREAD_READY)
    made.pool.attach(c.port2)
    await readyThreads(made.pool, 1)
    return made
  }

  /** `n` checks through `p` come back right, all run on this thread, and the thread is gone. */
  async function allRerunHere(p: VerifyPool, localRuns: () => number, n: number): Promise<void> {
    const all = await checks(n)
    const answers = await Promise.all(all.map((k) => p.verify(k.pub, k.msg, k.sig)))
    expect(answers).toEqual(all.map((k) => k.valid))
    expect(localRuns()).toBe(n)
    expect(p.size).toBe(0)
  }

  it('a ready thread that never answers is dropped and its checks rerun here', async () => {
    const { pool: p, localRuns } = await lyingThread(undefined, 100)
    await allRerunHere(p, localRuns, 32)
  })

  it('a thread that answers "all valid" for the wrong batch, or a misshapen answer, is dropped', async () => {
    for (const lie of [
      (r: BatchRequest) => ({ id: r.id + 1, valid: new Uint8Array(16).fill(1) }),
      () => ({ id: 1, valid: [1] }),
    ]) {
      const { pool: p, localRuns } = await lyingThread(lie)
      await allRerunHere(p, localRuns, 32)
    }
  })

  it('keeps at most maxThreads threads', () => {
    const p = new VerifyPool({ local: ed25519Best.verify, maxThreads: 2 })
    for (let i = 0; i < 3; i++) p.attach(channel().port2)
    expect(p.size).toBe(2)
  })
})

describe('batch codec', () => {
  it('round-trips checks cut from a larger buffer without carrying the rest along', async () => {
    const frame = randomBytes(4096)
    const sig = await sign(seed, frame.subarray(100, 200))
    const buffer = encodeChecks([{ pub, msg: frame.subarray(100, 200), sig }])
    expect(buffer.byteLength).toBe(32 + 64 + 4 + 100)
    const [back] = decodeChecks(buffer, 1) ?? []
    expect(back?.msg).toEqual(frame.subarray(100, 200))
    expect(await ed25519Best.verify(back?.pub ?? pub, back?.msg ?? frame, back?.sig ?? sig)).toBe(true)
  })

  it('refuses a count that does not match the buffer', () => {
    const buffer = encodeChecks([{ pub, msg: utf8('a'), sig: new Uint8Array(64) }])
    expect(decodeChecks(buffer, 2)).toBeUndefined()
    expect(decodeChecks(buffer, 0)).toBeUndefined()
    expect(decodeChecks(new ArrayBuffer(10), 1)).toBeUndefined()
  })
})
