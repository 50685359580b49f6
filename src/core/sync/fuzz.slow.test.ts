/**
 * Fuzzing of the frame decoder and both session machines (10⁶ cases each by default; FUZZ_RUNS
 * sets it): hostile peers send oversize frames, truncated CBOR, unknown types, frames out of order,
 * forged ids and signatures, far-future and held-back timestamps, non-author deletes, message
 * requests, second hellos, blobs over 256 KiB. Only typed errors may come out, and nothing invalid
 * may reach the store. Verification results are memoized by the candidate's CBOR bytes (the pool
 * repeats the same records; src/core/model tests the verifiers themselves), so a case costs the
 * state machine, not Ed25519.
 */
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js'
import { encode } from 'cborg'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { DistsocError } from '../errors.ts'
import { LIMITS } from '../model/types.ts'
import { encodeFrame, FrameDecoder } from './codec.ts'
import type { Frame } from './frames.ts'
import { nodeIdToKey } from './node-id-key.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import type { SyncVerifier } from './sync-store.ts'
import { generateIdentity, makeDelete, makePost, makeProfile, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

type Verify = (candidate: unknown, now: number) => Promise<unknown>

/** `verify` memoized by the candidate's CBOR bytes and `now` (results and typed errors alike). */
function memo<F extends Verify>(verify: F): F {
  const seen = new Map<string, { ok: unknown } | { err: unknown }>()
  return (async (candidate: unknown, now: number) => {
    const key = `${now}:${bytesToHex(encode(candidate))}`
    let hit = seen.get(key)
    if (hit === undefined) {
      try {
        hit = { ok: await verify(candidate, now) }
      } catch (err) {
        hit = { err }
      }
      if (seen.size < 10_000) seen.set(key, hit)
    }
    if ('err' in hit) throw hit.err
    return hit.ok
  }) as F
}

const verifier: SyncVerifier = {
  ...modelVerifier,
  verifyPost: memo(modelVerifier.verifyPost),
  verifyProfile: memo(modelVerifier.verifyProfile),
  verifyDeleteRequest: memo(modelVerifier.verifyDeleteRequest),
}

const T = 1_700_000_000_000
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1_000_000)
/** Per-test time bound, scaled to the case count (a requester case took ~1.4 ms on a loaded 2-core machine). */
const TIMEOUT_MS = Math.max(600_000, RUNS * 4)
const alice = generateIdentity()
const bob = generateIdentity()
const mallory = generateIdentity()
let pool: Uint8Array<ArrayBufferLike>[] = []
let oversizeBlob: Uint8Array = new Uint8Array(0)
const validPostIds = new Set<string>()

function raw(value: unknown): Uint8Array {
  const body = encode(value)
  const prefix: number[] = []
  let v = body.length
  while (v >= 0x80) {
    prefix.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  prefix.push(v)
  return Uint8Array.from([...prefix, ...body])
}

beforeAll(async () => {
  const good = await makePost(alice, T + 1)
  validPostIds.add(good.post.id)
  const request = await makePost(mallory, T + 5, { recipients: [alice.nodeId] })
  validPostIds.add(request.post.id)
  const held = await makePost(alice, T + 40 * 60 * 1000)
  const future = await makePost(alice, T + 10 * 60 * 60 * 1000)
  const foreign = await makePost(mallory, T + 2)
  const forgedSig = { ...good.post, signature: new Uint8Array(64).fill(1) }
  const forgedId = { ...good.post, id: 'cd'.repeat(32) }
  const aliceDelete = await makeDelete(alice, good.post, T + 3)
  const nonAuthorDelete = {
    ...(await makeDelete(mallory, good.post, T + 3)),
    record: { ...aliceDelete.record },
  }
  const profile = await makeProfile(alice, T + 4)
  const key = nodeIdToKey(alice.nodeId)
  const frames: Frame[] = [
    { type: 'hello', v: 1, wants: [[key, new Uint8Array(16)]] },
    { type: 'ranges', entries: [[key, [[null, new Uint8Array(0), new Uint8Array(16)]]]] },
    { type: 'ranges', entries: [[key, [[5, new Uint8Array(0), [new Uint8Array(32)]]]]] },
    { type: 'ranges', entries: [[nodeIdToKey(mallory.nodeId), [[null, new Uint8Array(0), null]]]] },
    { type: 'want', ids: [new Uint8Array(32)] },
    { type: 'want-blobs', ids: [new Uint8Array(32)] },
    { type: 'post', post: good.post as never },
    { type: 'post', post: future.post as never },
    { type: 'post', post: held.post as never },
    { type: 'post', post: request.post as never },
    { type: 'post', post: foreign.post as never },
    { type: 'post', post: forgedSig as never },
    { type: 'post', post: forgedId as never },
    { type: 'delete', delete: aliceDelete as never },
    { type: 'delete', delete: nonAuthorDelete as never },
    { type: 'profile', profile: profile as never },
    { type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(10) },
    { type: 'over' },
    { type: 'done' },
    { type: 'error', name: 'MalformedError', message: 'x' },
  ]
  pool = frames.map(encodeFrame)
  oversizeBlob = raw({ type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(LIMITS.blobBytes + 1) })
  pool.push(raw({ type: 'gossip' }), raw({ type: 'over', x: 1 }), Uint8Array.of(0xff, 0xff, 0xff, 0x7f))
  pool.push(raw({ type: 'post', post: { ...good.post, extra: 1 } }), Uint8Array.of(5, 0xa1, 0x64))
})

const typed = (err: unknown): boolean => err instanceof DistsocError

const script = () =>
  fc.array(
    fc.oneof(
      { weight: 80, arbitrary: fc.nat({ max: 1000 }).map((i) => pool[i % pool.length] as Uint8Array) },
      { weight: 20, arbitrary: fc.uint8Array({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constant(0).map(() => oversizeBlob) },
    ),
    { maxLength: 8 },
  )

describe('sync fuzz', () => {
  it(
    `the frame decoder throws only typed errors (${RUNS} cases)`,
    () => {
      fc.assert(
        fc.property(script(), fc.integer({ min: 1, max: 64 }), (parts, cut) => {
          const bytes = concatBytes(...parts)
          const step = Math.max(cut, Math.ceil(bytes.length / 64))
          const decoder = new FrameDecoder()
          try {
            for (let i = 0; i < bytes.length; i += step) decoder.push(bytes.subarray(i, i + step))
            decoder.end()
          } catch (err) {
            expect(typed(err)).toBe(true)
          }
        }),
        { numRuns: RUNS },
      )
    },
    TIMEOUT_MS,
  )

  it(
    `a requester facing a hostile responder stores only valid items (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(script(), async (parts) => {
          const store = storeWith([])
          const [a, b] = memoryPipe()
          const pulling = runRequester(a, {
            store,
            verifier,
            wants: [alice.nodeId],
            now: () => T + 60_000,
            timeoutMs: 1000,
          })
          const it = b.source[Symbol.asyncIterator]()
          await it.next()
          for (const p of parts) await b.write(p)
          await b.close()
          try {
            await pulling
          } catch (err) {
            expect(typed(err), String(err)).toBe(true)
          }
          for (const id of store.posts.keys()) expect(validPostIds.has(id)).toBe(true)
          for (const t of store.tombs.values()) expect(t.record.author).toBe(alice.nodeId)
        }),
        { numRuns: RUNS },
      )
    },
    TIMEOUT_MS,
  )

  it(
    `a responder facing a hostile requester writes nothing and throws only typed errors (${RUNS} cases)`,
    async () => {
      const server = storeWith([])
      await fc.assert(
        fc.asyncProperty(script(), async (parts) => {
          const [a, b] = memoryPipe()
          const serving = runResponder(b, {
            store: server,
            verifier,
            requester: bob.nodeId,
            timeoutMs: 1000,
          })
          for (const p of parts) await a.write(p)
          await a.close()
          try {
            await serving
          } catch (err) {
            expect(typed(err), String(err)).toBe(true)
          }
        }),
        { numRuns: RUNS },
      )
      expect(server.writes).toBe(0)
    },
    TIMEOUT_MS,
  )
})
