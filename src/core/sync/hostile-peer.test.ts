/**
 * Hostile peers over in-memory sessions (issue 11, cases 1 and 3 and the session bounds): every
 * bad item is skipped and scored while the rest of the session arrives; what a node did not ask
 * for is bounded by its admission budget.
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { LIMITS, type NodeId, type SignedPost } from '../model/types.ts'
import { AdmissionBudget } from './admission.ts'
import { encodeFrame } from './codec.ts'
import { nodeIdFromKey, nodeIdToKey } from './node-id-key.ts'
import { EMPTY_FINGERPRINT } from './reconcile.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import type { RequesterOptions } from './session-options.ts'
import { generateIdentity, type MadePost, makeDelete, makePost, storeWith } from './test-support/fixtures.ts'
import { floodFromThrowaways, scripted } from './test-support/hostile.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const MIN = 60_000
const victim = generateIdentity()
const friend = generateIdentity()
const other = generateIdentity()

async function pull(
  client: MemorySyncStore,
  server: MemorySyncStore,
  wants: NodeId[],
  extra: Partial<RequesterOptions> = {},
  requester: NodeId = victim.nodeId,
) {
  const [a, b] = memoryPipe()
  const reasons: string[] = []
  const served = runResponder(b, { store: server, verifier: modelVerifier, requester, now: () => T })
  const result = await runRequester(a, {
    store: client,
    verifier: modelVerifier,
    wants,
    now: () => T,
    onReject: (r) => reasons.push(r),
    ...extra,
  })
  const sent = await served
  return { result, sent, reasons }
}

function count(reasons: string[], name: string): number {
  return reasons.filter((r) => r === name).length
}

describe('case 1: message requests from throwaway authors are bounded by the admission budget', () => {
  let flood: MadePost[]
  let friendPosts: MadePost[]
  beforeAll(async () => {
    flood = await floodFromThrowaways(victim.nodeId, 150, T - 10 * MIN)
    friendPosts = await Promise.all([1, 2, 3, 4, 5].map((i) => makePost(friend, T - i)))
  })

  it('stores 20 of 150 posts from 150 strangers in a session, refuses the rest, and gets every followed post', async () => {
    const holder = storeWith([...flood, ...friendPosts])
    const client = storeWith([])
    const admission = new AdmissionBudget({ follows: (a) => a === friend.nodeId, now: () => T })
    const { result, reasons } = await pull(client, holder, [victim.nodeId, friend.nodeId], { admission })
    const strangers = [...client.posts.values()].filter((p) => p.post.author !== friend.nodeId)
    expect(strangers).toHaveLength(20)
    expect(result.skipped).toEqual({ AdmissionRefusedError: 130 })
    expect(count(reasons, 'AdmissionRefusedError')).toBe(130)
    for (const p of friendPosts) expect(client.posts.has(p.post.id)).toBe(true)
    // later sessions the same day: at most 100 a day in all
    for (let i = 0; i < 6; i++) await pull(client, holder, [victim.nodeId, friend.nodeId], { admission })
    expect(client.posts.size - friendPosts.length).toBe(100)
    expect(admission.usedToday().posts).toBe(100)
    // a new day opens a new budget
    const tomorrow = new AdmissionBudget({ now: () => T + 24 * 60 * MIN })
    const next = await pull(client, holder, [victim.nodeId], { admission: tomorrow })
    expect(next.result.received.posts).toBe(20)
  })

  it('caps one sender at 5 a day however many sessions it uses', async () => {
    const stranger = generateIdentity()
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) => makePost(stranger, T - i, { recipients: [victim.nodeId] })),
    )
    const holder = storeWith(many)
    const client = storeWith([])
    const admission = new AdmissionBudget({ now: () => T })
    await pull(client, holder, [victim.nodeId], { admission })
    await pull(client, holder, [victim.nodeId], { admission })
    expect(client.posts.size).toBe(5)
  })

  it('refuses a post of an author nobody asked for, addressed to nobody asked for', async () => {
    const stranger = generateIdentity()
    const holder = storeWith([await makePost(stranger, T - 1)])
    const client = storeWith([])
    const [a, b] = memoryPipe()
    const peer = scripted(b)
    const pulling = runRequester(a, {
      store: client,
      verifier: modelVerifier,
      wants: [victim.nodeId],
      now: () => T,
    })
    await peer.next()
    const [post] = holder.posts.values()
    await peer.send({ type: 'post', post: post as never }, { type: 'over' })
    expect(await peer.next()).toEqual({ type: 'done' })
    await peer.close()
    const result = await pulling
    expect(result.skipped).toEqual({ UnexpectedFrameError: 1 })
    expect(client.writes).toBe(0)
  })
})

describe('case 3: one bad record never poisons the session', () => {
  it('a poisoned tombstone and a post slightly ahead leave every other author’s posts arriving', async () => {
    const mine = await makePost(victim, T - 5 * MIN)
    const poison = await makeDelete(friend, mine.post, T - MIN)
    const friendPosts = await Promise.all([1, 2, 3].map((i) => makePost(friend, T - i * MIN)))
    const otherPosts = await Promise.all([1, 2].map((i) => makePost(other, T - i * MIN)))
    // valid at a holder whose clock is 2 minutes ahead of the victim's: 16 min ahead for the victim
    const early = await makePost(other, T + 16 * MIN)
    const holder = storeWith([mine, ...friendPosts, ...otherPosts, early])
    holder.seedDelete(poison)
    expect(holder.posts.has(mine.post.id)).toBe(true)
    const client = storeWith([mine])
    const wants = [victim.nodeId, friend.nodeId, other.nodeId]
    for (let round = 0; round < 2; round++) {
      const { result, reasons } = await pull(client, holder, wants)
      expect(reasons).toEqual(['ForeignDeleteError'])
      expect(result.deferred).toBe(1)
      expect(client.posts.has(mine.post.id)).toBe(true)
      for (const p of [...friendPosts, ...otherPosts]) expect(client.posts.has(p.post.id)).toBe(true)
      expect(client.tombs.size).toBe(0)
    }
    // the victim passes no poison on: a third node pulling the friend from it gets no tombstone
    const third = storeWith([])
    await pull(third, client, [friend.nodeId], {}, other.nodeId)
    expect(third.tombs.size).toBe(0)
    // at its time the early post arrives
    const later = await pull(client, holder, wants, { now: () => T + 2 * MIN })
    expect(later.result.received.posts).toBe(1)
  })

  it('a holder that does not hold the post keeps no delete for it; one that does, applies it', async () => {
    const p = await makePost(friend, T - MIN)
    const del = await makeDelete(friend, p.post, T - 1)
    const source = storeWith([])
    source.seedDelete(del)
    const blind = storeWith([])
    const { result } = await pull(blind, source, [friend.nodeId])
    expect(result.rejected).toBe(1)
    expect(blind.tombs.size).toBe(0)
    const holding = storeWith([p])
    const applied = await pull(holding, source, [friend.nodeId])
    expect(applied.result.received.deletes).toBe(1)
    expect(holding.posts.has(p.post.id)).toBe(false)
  })

  it('skips each invalid item by reason while the valid ones in between are stored', async () => {
    const good = await Promise.all([1, 2, 3].map((i) => makePost(friend, T - i)))
    const g = (i: number) => (good[i] as MadePost).post
    const forgedSig = { ...g(0), signature: new Uint8Array(64).fill(1) }
    const forgedId = { ...g(1), id: 'cd'.repeat(32) }
    const farFuture = (await makePost(friend, T + 3 * 60 * MIN)).post
    const mine = await makePost(victim, T - 9)
    const nonAuthor = await makeDelete(friend, mine.post, T - 2)
    const client = storeWith([mine])
    const [a, b] = memoryPipe()
    const peer = scripted(b)
    const pulling = runRequester(a, {
      store: client,
      verifier: modelVerifier,
      wants: [victim.nodeId, friend.nodeId],
      now: () => T,
    })
    await peer.next()
    const post = (p: SignedPost | object) => ({ type: 'post' as const, post: p as never })
    await peer.send(
      post(forgedSig),
      post(g(0)),
      post(forgedId),
      { type: 'delete', delete: nonAuthor as never },
      post(g(1)),
      post(farFuture),
      { type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(8) },
      post(g(2)),
      { type: 'over' },
    )
    expect((await peer.turn()).at(-1)).toEqual({ type: 'done' })
    await peer.close()
    const result = await pulling
    expect(result.skipped).toEqual({
      InvalidSignatureError: 1,
      IdMismatchError: 1,
      ForeignDeleteError: 1,
      FutureTimestampError: 1,
      UnexpectedFrameError: 1,
    })
    expect(result.received.posts).toBe(3)
    expect(client.posts.has(mine.post.id)).toBe(true)
  })
})

describe('session bounds', () => {
  it('pulls 1,500 authors in two hellos of one session', async () => {
    const real = [generateIdentity(), generateIdentity(), generateIdentity()]
    const filler = Array.from({ length: 1497 }, (_, i) =>
      nodeIdFromKey(blake3(Uint8Array.of(i >> 8, i & 255))),
    )
    const wants = [
      real[0]!.nodeId,
      ...filler.slice(0, 1099),
      real[1]!.nodeId,
      ...filler.slice(1099),
      real[2]!.nodeId,
    ]
    const holder = storeWith(await Promise.all(real.map((who, i) => makePost(who, T - i))))
    const client = storeWith([])
    const { result, sent } = await pull(client, holder, wants)
    expect(result.received.posts).toBe(3)
    expect(sent.roundTrips).toBeGreaterThanOrEqual(2)
  })

  it('refuses more authors in one session than the responder allows', async () => {
    const [a, b] = memoryPipe()
    const serving = runResponder(b, {
      store: storeWith([]),
      verifier: modelVerifier,
      requester: victim.nodeId,
      maxAuthors: 2,
    })
    const peer = scripted(a)
    const want = (): [Uint8Array, Uint8Array] => [nodeIdToKey(generateIdentity().nodeId), EMPTY_FINGERPRINT]
    await peer.send({ type: 'hello', v: 1, wants: [want(), want()] })
    await peer.turn()
    await peer.send({ type: 'hello', v: 1, wants: [want()] })
    await expect(serving).rejects.toMatchObject({ name: 'SyncAbortedError' })
  })

  it('loads only the keys `since` asks for', async () => {
    const posts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => makePost(friend, T - 100 * MIN + i * MIN)),
    )
    const holder = storeWith(posts)
    const client = storeWith([])
    await pull(client, holder, [friend.nodeId], { since: T - 60 * MIN })
    expect(holder.keysLoaded).toBe(10)
    expect(client.posts.size).toBe(10)
  })

  it('ends a session that trickles bytes at its deadline, whatever the per-read timeout', async () => {
    const trickle: AsyncIterable<Uint8Array> = {
      async *[Symbol.asyncIterator]() {
        yield Uint8Array.of(0x80, 0x01)
        for (;;) {
          await new Promise((r) => setTimeout(r, 20))
          yield Uint8Array.of(0)
        }
      },
    }
    let aborted: Error | undefined
    const started = Date.now()
    await expect(
      runRequester(
        { source: trickle, write: async () => {}, close: async () => {}, abort: (e) => (aborted = e) },
        {
          store: storeWith([]),
          verifier: modelVerifier,
          wants: [friend.nodeId],
          timeoutMs: 10_000,
          deadlineMs: 300,
        },
      ),
    ).rejects.toMatchObject({ name: 'SyncTimeoutError' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(aborted).toBeDefined()
  })

  it('ends a session whose peer never drains our writes', async () => {
    const never: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }),
    }
    await expect(
      runRequester(
        { source: never, write: () => new Promise(() => {}), close: async () => {}, abort: () => {} },
        { store: storeWith([]), verifier: modelVerifier, wants: [friend.nodeId], deadlineMs: 200 },
      ),
    ).rejects.toMatchObject({ name: 'SyncTimeoutError' })
  })
})

describe('blobs are served only with a post that references them', () => {
  it('refuses a circle post’s blob to an outsider asking by id, serves it to a member', async () => {
    const member = generateIdentity()
    const outsider = generateIdentity()
    const circle = await makePost(friend, T - 1, {
      recipients: [friend.nodeId, member.nodeId],
      attachments: [new Uint8Array([1, 2, 3])],
    })
    const [blobId] = circle.blobs.keys()
    const holder = storeWith([circle])
    // the outsider asks by id without any post
    const [a, b] = memoryPipe()
    const serving = runResponder(b, { store: holder, verifier: modelVerifier, requester: outsider.nodeId })
    const peer = scripted(a)
    await peer.send({ type: 'hello', v: 1, wants: [[nodeIdToKey(friend.nodeId), EMPTY_FINGERPRINT]] })
    const first = await peer.turn()
    expect(first.filter((f) => f.type === 'post')).toHaveLength(0)
    await peer.send({ type: 'want-blobs', ids: [hexToBytes(blobId as string)] })
    await peer.send({ type: 'over' })
    const second = await peer.turn()
    expect(second.filter((f) => f.type === 'blob')).toHaveLength(0)
    await peer.send({ type: 'done' })
    await peer.close()
    const sent = await serving
    expect(sent.sent.blobs).toBe(0)
    // a member gets the post, then its blob
    const client = storeWith([])
    const { result } = await pull(client, holder, [friend.nodeId], {}, member.nodeId)
    expect(result.received).toMatchObject({ posts: 1, blobs: 1 })
    expect(LIMITS.blobBytes).toBeGreaterThan(3)
  })
})

describe('frames', () => {
  it('a hello of 1,000 authors fits one control frame', () => {
    const wants = Array.from({ length: 1000 }, (): [Uint8Array, Uint8Array] => [
      new Uint8Array(32).fill(7),
      EMPTY_FINGERPRINT,
    ])
    expect(encodeFrame({ type: 'hello', v: 1, since: T, wants }).length).toBeLessThan(
      LIMITS.controlFrameBytes,
    )
  })
})
