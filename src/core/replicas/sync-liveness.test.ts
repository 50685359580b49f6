/**
 * Liveness rides on the sync session (issue 15): the requester's `check` frame and the responder's
 * `held` answer over real frames on an in-memory pipe, with honest holders, holders that dropped a
 * blob, and hostile ones that lie, replay, forge or send too much.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { fromHex } from '../crypto/index.ts'
import { shouldSendPost } from '../model/index.ts'
import type { NodeId, PostId } from '../model/types.ts'
import { encodeFrame, FrameDecoder } from '../sync/codec.ts'
import { FRAME_LIMITS } from '../sync/frames.ts'
import { runRequester } from '../sync/requester.ts'
import { runResponder } from '../sync/responder.ts'
import { generateIdentity, type MadePost, makePost, storeWith } from '../sync/test-support/fixtures.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import type { MemorySyncStore } from '../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { signHoldingReport } from './holding-report.ts'
import { ReplicaBook } from './replica-book.ts'
import { ReportOutbox } from './report-outbox.ts'
import { syncLiveness } from './sync-liveness.ts'
import { memoryCopies } from './test-support/memory-copies.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()

let posts: MadePost[]
beforeAll(async () => {
  posts = await Promise.all(
    [1, 2, 3, 4].map((i) => makePost(alice, T - i * 1000, { attachments: [new Uint8Array(9000).fill(i)] })),
  )
})

function nodeOf(
  store: MemorySyncStore,
  book = new ReplicaBook({ dropAfterMs: 60_000 }),
  outbox = new ReportOutbox(),
) {
  const refused: string[] = []
  const liveness = syncLiveness({
    book,
    outbox,
    lookup: memoryCopies(store),
    mayProve: (requester, post) => shouldSendPost(post, requester, new Set([post.post.author])),
    now: () => T,
    onRefused: (_p, reason) => refused.push(reason),
  })
  return { store, book, outbox, liveness, refused }
}

/** Alice (author, tracking her posts, Bob believed to hold them all) pulls from Bob. */
async function alicePullsFromBob(bobStore: MemorySyncStore) {
  const aliceNode = nodeOf(storeWith(posts))
  for (const p of posts) {
    aliceNode.book.track(p.post.id, alice.nodeId)
    aliceNode.book.recordProof(bob.nodeId, p.post.id, true, T - 30_000)
  }
  const bobNode = nodeOf(bobStore)
  const [a, b] = memoryPipe()
  const rejects: string[] = []
  const served = runResponder(b, {
    store: bobStore,
    verifier: modelVerifier,
    requester: alice.nodeId,
    now: () => T,
    liveness: bobNode.liveness,
  })
  const result = await runRequester(a, {
    store: aliceNode.store,
    verifier: modelVerifier,
    wants: [alice.nodeId],
    peer: bob.nodeId,
    now: () => T,
    liveness: aliceNode.liveness,
    onReject: (r) => rejects.push(r),
  })
  await served
  return { aliceNode, result, rejects }
}

describe('liveness in sync', () => {
  it('proves an honest holder holds every probed post', async () => {
    const { aliceNode, result, rejects } = await alicePullsFromBob(storeWith(posts))
    expect(rejects).toEqual([])
    for (const p of posts) expect(aliceNode.book.liveHolders(p.post.id, T + 50_000)).toEqual([bob.nodeId])
    expect(result.received.posts).toBe(0)
  })

  it('marks a post dropped when the holder lost one of its blobs', async () => {
    const bobStore = storeWith(posts)
    const [lost] = posts[0]?.blobs.keys() ?? []
    bobStore.blobs.delete(lost as never)
    const { aliceNode, rejects } = await alicePullsFromBob(bobStore)
    expect(rejects).toEqual([])
    expect(aliceNode.book.liveHolders(posts[0]?.post.id as PostId, T)).toEqual([])
    expect(aliceNode.book.liveHolders(posts[1]?.post.id as PostId, T)).toEqual([bob.nodeId])
  })

  it('a holder that answers for another requester only what that requester could pull proves nothing more', async () => {
    const secret = await makePost(alice, T - 10, { recipients: [carol.nodeId] })
    const bobNode = nodeOf(storeWith([secret]))
    const answer = await bobNode.liveness.prove?.(generateIdentity().nodeId, {
      nonce: new Uint8Array(32),
      ids: [fromHex(secret.post.id)],
    })
    expect(answer?.bits).toEqual(new Uint8Array([0]))
  })

  it('a hostile holder claiming every post with a made-up tag is scored and counts as holding none; the session completes', async () => {
    const aliceNode = nodeOf(storeWith(posts))
    for (const p of posts) {
      aliceNode.book.track(p.post.id, alice.nodeId)
      aliceNode.book.recordProof(bob.nodeId, p.post.id, true, T - 30_000)
    }
    const [a, b] = memoryPipe()
    const rejects: string[] = []
    const pulling = runRequester(a, {
      store: aliceNode.store,
      verifier: modelVerifier,
      wants: [alice.nodeId],
      peer: bob.nodeId,
      now: () => T,
      liveness: aliceNode.liveness,
      onReject: (r) => rejects.push(r),
    })
    const liar = scripted(b)
    const check = await liar.next()
    expect(check?.type).toBe('check')
    if (check?.type !== 'check' || check.probe === undefined) throw new Error('no probe')
    const [nonce, ids] = check.probe
    expect(ids).toHaveLength(posts.length)
    expect((await liar.next())?.type).toBe('hello')
    await liar.send(
      { type: 'held', nonce, bits: new Uint8Array([0b1111]), tag: new Uint8Array(16).fill(1) },
      { type: 'over' },
    )
    expect((await liar.next())?.type).toBe('done')
    await liar.close()
    await pulling
    expect(rejects).toEqual(['LivenessProofError'])
    for (const p of posts) expect(aliceNode.book.liveHolders(p.post.id, T)).toEqual([])
  })

  it('a held frame nobody asked for, or bits beyond the probe, aborts the session with a typed error', async () => {
    for (const bad of [
      (nonce: Uint8Array) => ({
        type: 'held' as const,
        nonce,
        bits: new Uint8Array([0b11111]),
        tag: new Uint8Array(16),
      }),
      (nonce: Uint8Array) => ({
        type: 'held' as const,
        nonce: nonce.map((x) => x ^ 1),
        bits: new Uint8Array([1]),
        tag: new Uint8Array(16),
      }),
    ]) {
      const aliceNode = nodeOf(storeWith(posts))
      for (const p of posts) {
        aliceNode.book.track(p.post.id, alice.nodeId)
        aliceNode.book.recordProof(bob.nodeId, p.post.id, true, T)
      }
      const [a, b] = memoryPipe()
      const pulling = runRequester(a, {
        store: aliceNode.store,
        verifier: modelVerifier,
        wants: [alice.nodeId],
        peer: bob.nodeId,
        now: () => T,
        liveness: aliceNode.liveness,
      })
      const liar = scripted(b)
      const check = await liar.next()
      if (check?.type !== 'check' || check.probe === undefined) throw new Error('no probe')
      await liar.next()
      await liar.send(bad(check.probe[0]), { type: 'over' })
      await expect(pulling).rejects.toMatchObject({ name: 'MalformedError' })
    }
    // no probe at all: the session never sent a check
    const [a, b] = memoryPipe()
    const pulling = runRequester(a, {
      store: storeWith([]),
      verifier: modelVerifier,
      wants: [alice.nodeId],
      now: () => T,
    })
    const liar = scripted(b)
    expect((await liar.next())?.type).toBe('hello')
    await liar.send({
      type: 'held',
      nonce: new Uint8Array(32),
      bits: new Uint8Array(1),
      tag: new Uint8Array(16),
    })
    await expect(pulling).rejects.toMatchObject({ name: 'UnexpectedFrameError' })
  })

  it('takes self-reports from the check frame: its own are applied, forged, replayed and third-party ones refused', async () => {
    const aliceNode = nodeOf(storeWith(posts))
    for (const p of posts) aliceNode.book.track(p.post.id, alice.nodeId)
    const report = (holder = bob, post = posts[0] as MadePost, at = T, held = true) =>
      signHoldingReport(holder, {
        v: 1,
        holder: holder.nodeId,
        author: alice.nodeId,
        post_id: post.post.id,
        held,
        at,
      })
    const mine = await report()
    const carols = await report(carol, posts[1])
    const forged = {
      record: { ...(await report(bob, posts[2])).record, held: false },
      signature: mine.signature,
    }
    const bobOutbox = new ReportOutbox()
    for (const r of [mine, carols, forged, mine]) bobOutbox.add(r as never)
    bobOutbox.add(await report(bob, posts[3], T - 5))
    const bobNode = nodeOf(storeWith([]), new ReplicaBook(), bobOutbox)
    // reports ride on Bob's pull from Alice
    const [a, b] = memoryPipe()
    const served = runResponder(b, {
      store: aliceNode.store,
      verifier: modelVerifier,
      requester: bob.nodeId,
      now: () => T,
      liveness: aliceNode.liveness,
    })
    await runRequester(a, {
      store: bobNode.store,
      verifier: modelVerifier,
      wants: [alice.nodeId],
      peer: alice.nodeId,
      now: () => T,
      liveness: bobNode.liveness,
    })
    await served
    expect(aliceNode.book.liveHolders(posts[0]?.post.id as PostId, T)).toEqual([bob.nodeId])
    expect(aliceNode.book.liveHolders(posts[1]?.post.id as PostId, T)).toEqual([])
    expect(aliceNode.book.liveHolders(posts[3]?.post.id as PostId, T)).toEqual([bob.nodeId])
    expect(aliceNode.refused.sort()).toEqual(['InvalidSignatureError', 'ValidationError'])
    expect(bobOutbox.size(alice.nodeId)).toBe(0)
    // the same report again is a replay
    await expect(
      aliceNode.liveness.onReports?.(bob.nodeId, [mine as unknown as Record<string, unknown>]),
    ).resolves.toBeUndefined()
    expect(aliceNode.refused).toContain('ReplayedReportError')
  })

  it('refuses oversize probes and report lists at decode time (MalformedError), before anything is looked up', () => {
    const decode = (frame: unknown) => new FrameDecoder().push(encodeFrame(frame as never))
    const id = new Uint8Array(32)
    const tooManyIds = Array.from({ length: FRAME_LIMITS.idsPerProbe + 1 }, () => id)
    expect(() => decode({ type: 'check', probe: [new Uint8Array(32), tooManyIds] })).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
    const tooManyReports = Array.from({ length: FRAME_LIMITS.reportsPerCheck + 1 }, () => ({}))
    expect(() => decode({ type: 'check', reports: tooManyReports })).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
    expect(() => decode({ type: 'check' })).toThrow(expect.objectContaining({ name: 'MalformedError' }))
    expect(() => decode({ type: 'check', probe: [new Uint8Array(31), [id]] })).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
    expect(() =>
      decode({ type: 'held', nonce: new Uint8Array(32), bits: new Uint8Array(129), tag: new Uint8Array(16) }),
    ).toThrow(expect.objectContaining({ name: 'MalformedError' }))
  })

  it('a check after the hello is an unexpected frame for the responder', async () => {
    const [a, b] = memoryPipe()
    const served = runResponder(b, {
      store: storeWith(posts),
      verifier: modelVerifier,
      requester: bob.nodeId as NodeId,
      now: () => T,
    })
    const peer = scripted(a)
    await peer.send({ type: 'hello', v: 1, wants: [] }, { type: 'check', reports: [{}] })
    await expect(served).rejects.toMatchObject({ name: 'UnexpectedFrameError' })
  })
})
