import { describe, expect, it } from 'vitest'
import type { NodeId, SignedPost } from '../model/types.ts'
import { encodeFrame } from './codec.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import type { RequesterOptions, ResponderOptions } from './session-options.ts'
import { generateIdentity, makeDelete, makePost, makeProfile, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()

async function pull(
  client: MemorySyncStore,
  server: MemorySyncStore,
  requester: NodeId,
  wants: NodeId[],
  extra: Partial<RequesterOptions> = {},
  serverExtra: Partial<ResponderOptions> = {},
) {
  const [a, b] = memoryPipe({ rechunk: (bytes) => [bytes.subarray(0, 3), bytes.subarray(3)] })
  const served = runResponder(b, { store: server, verifier: modelVerifier, requester, ...serverExtra })
  const pulled = runRequester(a, { store: client, verifier: modelVerifier, wants, ...extra })
  const [result, sent] = await Promise.allSettled([pulled, served])
  if (result.status === 'rejected') throw result.reason
  return { result: result.value, sent }
}

describe('sync session', () => {
  it('pulls the public posts, profile and blobs of a wanted author', async () => {
    const posts = await Promise.all(
      [1, 2, 3].map((i) => makePost(alice, T + i, { attachments: [new Uint8Array([i])] })),
    )
    const server = storeWith(posts)
    server.seedProfile(await makeProfile(alice, T + 10))
    const client = storeWith([])
    const { result } = await pull(client, server, bob.nodeId, [alice.nodeId])
    expect(result.received).toEqual({ posts: 3, blobs: 3, profiles: 1, deletes: 0, visibility: 0 })
    expect(client.posts.size).toBe(3)
    expect(client.getProfile(alice.nodeId)?.record.updated_at).toBe(T + 10)
  })

  it('converges when both peers pull from each other', async () => {
    const mine = await Promise.all(Array.from({ length: 40 }, (_, i) => makePost(alice, T + i)))
    const theirs = await Promise.all(Array.from({ length: 30 }, (_, i) => makePost(alice, T + 100 + i)))
    const x = storeWith([...mine.slice(0, 25), ...theirs.slice(0, 10)])
    const y = storeWith([...mine.slice(15), ...theirs])
    await pull(x, y, bob.nodeId, [alice.nodeId])
    await pull(y, x, carol.nodeId, [alice.nodeId])
    expect(new Set(x.posts.keys())).toEqual(new Set(y.posts.keys()))
    expect(x.posts.size).toBe(70)
    const again = await pull(x, y, bob.nodeId, [alice.nodeId])
    expect(again.result.roundTrips).toBe(1)
    expect(again.result.received.posts).toBe(0)
  })

  it('withholds an encrypted post from a non-recipient and does not reveal its id', async () => {
    const secret = await makePost(alice, T + 1, { recipients: [alice.nodeId, carol.nodeId] })
    const open = await makePost(alice, T + 2)
    const server = storeWith([secret, open])
    const toBob = storeWith([])
    const { result } = await pull(toBob, server, bob.nodeId, [alice.nodeId])
    expect(result.received.posts).toBe(1)
    expect(toBob.posts.has(secret.post.id)).toBe(false)
    const toCarol = storeWith([])
    await pull(toCarol, server, carol.nodeId, [alice.nodeId])
    expect(toCarol.posts.has(secret.post.id)).toBe(true)
    const bobHasOnlyPublic = storeWith([open])
    const upToDate = await pull(bobHasOnlyPublic, server, bob.nodeId, [alice.nodeId])
    expect(upToDate.result.roundTrips).toBe(1)
  })

  it('returns own posts to their author even when not public', async () => {
    const dm = await makePost(bob, T + 1, { recipients: [carol.nodeId] })
    const server = storeWith([dm])
    const client = storeWith([])
    await pull(client, server, bob.nodeId, [bob.nodeId])
    expect(client.posts.has(dm.post.id)).toBe(true)
  })

  it('delivers tombstones, drops the deleted post and does not pull it back', async () => {
    const p = await makePost(alice, T + 1)
    const server = storeWith([])
    server.seedDelete(await makeDelete(alice, p.post, T + 5))
    const client = storeWith([p])
    const { result } = await pull(client, server, bob.nodeId, [alice.nodeId])
    expect(result.received.deletes).toBe(1)
    expect(client.posts.has(p.post.id)).toBe(false)
    const stale = storeWith([p])
    const back = await pull(client, stale, bob.nodeId, [alice.nodeId])
    expect(back.result.received.posts).toBe(0)
    expect(client.posts.has(p.post.id)).toBe(false)
  })

  it('skips a forged post, scores it via onReject, and still stores every other item', async () => {
    const good = await makePost(alice, T + 1)
    const other = await makePost(alice, T + 2)
    const forged: SignedPost = { ...good.post, signature: new Uint8Array(64).fill(7) }
    const server = storeWith([{ post: forged as never, blobs: new Map() }, other])
    const client = storeWith([])
    const reasons: string[] = []
    const { result } = await pull(client, server, bob.nodeId, [alice.nodeId], {
      onReject: (r) => reasons.push(r),
    })
    expect(reasons).toEqual(['InvalidSignatureError'])
    expect(result.skipped).toEqual({ InvalidSignatureError: 1 })
    expect([...client.posts.keys()]).toEqual([other.post.id])
    expect(client.writes).toBe(1)
  })

  it('holds back a post up to 1 h ahead without scoring; skips and scores one further ahead', async () => {
    const soon = await makePost(alice, T + 40 * 60 * 1000)
    const far = await makePost(alice, T + 2 * 60 * 60 * 1000)
    const now = await makePost(alice, T)
    const server = storeWith([soon, far, now])
    const client = storeWith([])
    const reasons: string[] = []
    const { result } = await pull(client, server, bob.nodeId, [alice.nodeId], {
      now: () => T,
      onReject: (r) => reasons.push(r),
    })
    expect(result.deferred).toBe(1)
    expect(reasons).toEqual(['FutureTimestampError'])
    expect([...client.posts.keys()]).toEqual([now.post.id])
    // once its time is near, the next sync brings the held-back post
    const later = await pull(client, server, bob.nodeId, [alice.nodeId], { now: () => T + 30 * 60 * 1000 })
    expect(later.result.received.posts).toBe(1)
    expect(client.posts.has(soon.post.id)).toBe(true)
  })

  it('treats a frame out of order as UnexpectedFrameError', async () => {
    const [a, b] = memoryPipe()
    const served = runResponder(b, { store: storeWith([]), verifier: modelVerifier, requester: bob.nodeId })
    await a.write(encodeFrame({ type: 'over' }))
    await expect(served).rejects.toMatchObject({ name: 'UnexpectedFrameError' })
  })

  it('gives up after the configured number of rounds', async () => {
    const posts = await Promise.all(Array.from({ length: 60 }, (_, i) => makePost(alice, T + i)))
    const x = storeWith(posts.filter((_, i) => i % 2 === 0))
    const y = storeWith(posts.filter((_, i) => i % 3 === 0))
    await expect(
      pull(x, y, bob.nodeId, [alice.nodeId], {
        maxRounds: 1,
        reconcile: { branching: 2, idListThreshold: 1 },
      }),
    ).rejects.toMatchObject({ name: 'SyncAbortedError' })
  })
})
