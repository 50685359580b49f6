/**
 * Replica maps reach keyholders inside the sync (issue 15), over real frames on an in-memory pipe:
 * Bob (a recipient) pulling from Alice gets her public map in the clear and her encrypted post's map
 * sealed, and opens it; Mallory (no recipient) gets only the public one; an unchanged map is not
 * sent twice. A hostile responder's forged, foreign, replayed, oversize, mis-sealed maps are
 * refused one by one with typed errors and write nothing; a frame of too many maps, or two maps
 * frames, aborts the session.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../model/identity.ts'
import { openContentKey, shouldSendPost } from '../model/index.ts'
import type { Millis, NodeId, PostId, Signed, SignedPost, Verified } from '../model/types.ts'
import { runRequester } from '../sync/requester.ts'
import { runResponder } from '../sync/responder.ts'
import { generateIdentity, type MadePost, makePost, storeWith } from '../sync/test-support/fixtures.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import type { MemorySyncStore } from '../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { MapSender, receiveReplicaMaps } from './map-exchange.ts'
import { ReplicaBook } from './replica-book.ts'
import { type ReplicaMap, signReplicaMap } from './replica-map.ts'
import { sealReplicaMap } from './sealed-map.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()
const dave = generateIdentity()
const mallory = generateIdentity()

let open: MadePost
let secret: MadePost
beforeAll(async () => {
  open = await makePost(alice, T - 2000)
  secret = await makePost(alice, T - 1000, { recipients: [alice.nodeId, bob.nodeId] })
})

const cekFor = (identity: Identity) => (post: SignedPost) =>
  openContentKey(identity, post.post, post.visibility).catch(() => undefined)

/** Alice's side: her book (Carol holds both posts) and the map sender over it. */
function aliceSide() {
  const store = storeWith([open, secret])
  const book = new ReplicaBook()
  for (const p of [open, secret]) {
    book.track(p.post.id, alice.nodeId)
    book.recordProof(carol.nodeId, p.post.id, true, T - 100)
  }
  const sender = new MapSender({
    me: alice.nodeId,
    book,
    post: (id) => store.posts.get(id),
    mayRead: (requester, post, wanted) => shouldSendPost(post, requester, wanted),
    cekOf: cekFor(alice),
    sign: (map) => signReplicaMap(alice, map),
    now: () => T,
  })
  return { store, book, sender }
}

/** A keyholder's side: what it kept, what it refused. */
function receiverSide(identity: Identity, store: MemorySyncStore) {
  const kept = new Map<
    PostId,
    { at: Millis; holders: readonly NodeId[]; map: Verified<Signed<ReplicaMap>> }
  >()
  const refused: string[] = []
  const onMaps = (peer: NodeId, maps: readonly Record<string, unknown>[]) =>
    receiveReplicaMaps(
      {
        post: (id) => store.posts.get(id),
        keptAt: (id) => kept.get(id)?.at,
        keep: (map, holders) => kept.set(map.record.post_id, { at: map.record.updated_at, holders, map }),
        cekOf: cekFor(identity),
        now: () => T,
        onRefused: (_p, reason) => refused.push(reason),
      },
      peer,
      maps,
    ).then(() => undefined)
  return { kept, refused, liveness: { onMaps } }
}

/** `who` pulls Alice's posts from Alice. */
async function pullFromAlice(
  side: ReturnType<typeof aliceSide>,
  who: Identity,
  receiver: ReturnType<typeof receiverSide>,
  store: MemorySyncStore,
) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, {
    store: side.store,
    verifier: modelVerifier,
    requester: who.nodeId,
    now: () => T,
    liveness: { maps: (requester, wanted) => side.sender.mapsFor(requester, wanted) },
  })
  const result = await runRequester(a, {
    store,
    verifier: modelVerifier,
    wants: [alice.nodeId],
    peer: alice.nodeId,
    now: () => T,
    liveness: receiver.liveness,
  })
  await served
  return result
}

describe('replica maps in sync', () => {
  it('a keyholder gets the public map in the clear and the sealed one it can open; a stranger only the public one', async () => {
    const side = aliceSide()
    const bobStore = storeWith([])
    const bobs = receiverSide(bob, bobStore)
    await pullFromAlice(side, bob, bobs, bobStore) // the posts and their maps arrive in one pull
    expect(bobs.refused).toEqual([])
    expect(bobs.kept.get(open.post.id)?.holders).toEqual([carol.nodeId])
    expect(bobs.kept.get(secret.post.id)?.holders).toEqual([carol.nodeId])
    expect('sealed' in (bobs.kept.get(secret.post.id)?.map.record ?? {})).toBe(true)

    const malStore = storeWith([])
    const mals = receiverSide(mallory, malStore)
    await pullFromAlice(side, mallory, mals, malStore)
    expect([...mals.kept.keys()]).toEqual([open.post.id])
    expect(mals.refused).toEqual([])

    // unchanged: nothing is sent again; a new holder: both maps again, newer
    const before = bobs.kept.get(secret.post.id)?.at ?? 0
    expect(await side.sender.mapsFor(bob.nodeId, new Set([alice.nodeId]))).toEqual([])
    side.book.recordProof(dave.nodeId, secret.post.id, true, T)
    await pullFromAlice(side, bob, bobs, bobStore)
    expect(bobs.kept.get(secret.post.id)?.holders).toEqual([carol.nodeId, dave.nodeId].sort())
    expect(bobs.kept.get(secret.post.id)?.at).toBeGreaterThan(before)
    expect(bobs.refused).toEqual([])
  })

  it('refuses forged, foreign, replayed, oversize and mis-sealed maps one by one, keeping nothing of them', async () => {
    const bobStore = storeWith([open, secret])
    const bobs = receiverSide(bob, bobStore)
    const base = { v: 1 as const, author: alice.nodeId, post_id: open.post.id }
    const good = await signReplicaMap(alice, { ...base, updated_at: T - 50, holders: [carol.nodeId] })
    await bobs.liveness.onMaps(alice.nodeId, [good as never])
    expect(bobs.kept.get(open.post.id)?.at).toBe(T - 50)
    const carolsPost = await makePost(carol, T - 10)
    bobStore.posts.set(carolsPost.post.id, carolsPost.post)
    const hostile = [
      // forged: the holder list changed after signing
      { record: { ...good.record, updated_at: T, holders: [mallory.nodeId] }, signature: good.signature },
      // another author's map relayed by Mallory (signed by Carol, sent by Alice's session)
      await signReplicaMap(carol, {
        v: 1,
        author: carol.nodeId,
        post_id: carolsPost.post.id,
        updated_at: T,
        holders: [dave.nodeId],
      }),
      // a replay of an older map
      await signReplicaMap(alice, { ...base, updated_at: T - 60, holders: [dave.nodeId] }),
      // oversize: 17 holders
      {
        record: {
          ...base,
          updated_at: T,
          holders: Array.from({ length: 17 }, () => generateIdentity().nodeId).sort(),
        },
        signature: good.signature,
      },
      // a sealed map Bob cannot open (sealed under another key)
      await signReplicaMap(
        alice,
        sealReplicaMap(
          new Uint8Array(32).fill(9),
          { author: alice.nodeId, post_id: secret.post.id, updated_at: T },
          [carol.nodeId],
        ),
      ),
      // cleartext holders for the encrypted post
      await signReplicaMap(alice, {
        v: 1,
        author: alice.nodeId,
        post_id: secret.post.id,
        updated_at: T,
        holders: [carol.nodeId],
      }),
      // a map of a post Bob does not hold
      await signReplicaMap(alice, {
        v: 1,
        author: alice.nodeId,
        post_id: 'ab'.repeat(32) as PostId,
        updated_at: T,
        holders: [carol.nodeId],
      }),
    ]
    const [a, b] = memoryPipe()
    const pulling = runRequester(a, {
      store: bobStore,
      verifier: modelVerifier,
      wants: [alice.nodeId],
      peer: alice.nodeId,
      now: () => T,
      liveness: bobs.liveness,
    })
    const liar = scripted(b)
    expect((await liar.next())?.type).toBe('hello')
    await liar.send({ type: 'maps', maps: hostile as never }, { type: 'over' })
    expect((await liar.next())?.type).toBe('done')
    await liar.close()
    await pulling
    expect(bobs.refused).toEqual([
      'InvalidSignatureError',
      'ValidationError',
      'ReplayedReportError',
      'TooLargeError',
      'DecryptionError',
      'ValidationError',
      'NotFoundError',
    ])
    expect([...bobs.kept.keys()]).toEqual([open.post.id])
    expect(bobs.kept.get(open.post.id)?.map).toEqual(good)
  })

  it('a frame of more than 16 maps, or a second maps frame, aborts the session', async () => {
    const map = await signReplicaMap(alice, {
      v: 1,
      author: alice.nodeId,
      post_id: open.post.id,
      updated_at: T,
      holders: [carol.nodeId],
    })
    for (const [frames, error] of [
      [[{ type: 'maps', maps: Array.from({ length: 17 }, () => map) }], 'MalformedError'],
      [
        [
          { type: 'maps', maps: [map] },
          { type: 'maps', maps: [map] },
        ],
        'UnexpectedFrameError',
      ],
    ] as const) {
      const bobs = receiverSide(bob, storeWith([open]))
      const [a, b] = memoryPipe()
      const pulling = runRequester(a, {
        store: storeWith([open]),
        verifier: modelVerifier,
        wants: [alice.nodeId],
        peer: alice.nodeId,
        now: () => T,
        liveness: bobs.liveness,
      })
      const liar = scripted(b)
      await liar.next()
      await liar.send(...(frames as unknown as never[]), { type: 'over' })
      await expect(pulling).rejects.toMatchObject({ name: error })
      expect(bobs.kept.size).toBe(0)
    }
  })
})
