/**
 * Group posts get a replica map like other encrypted posts (issue 15): sealed under the post's CEK,
 * which only the group's keyholders can open with the epoch secret. Over real frames on an
 * in-memory pipe: Bob (a member) pulling from Alice gets the sealed map and opens it; Mallory (not a
 * member) is sent none, and a map that reaches her anyway does not open. A hostile responder's
 * forged, re-keyed or cleartext maps of the group post are refused one by one and nothing is kept.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { encryptForGroup, openGroupContentKey } from '../groups/index.ts'
import { type FixtureGroup, groupWith } from '../groups/test-support/group-fixture.ts'
import type { Identity } from '../model/identity.ts'
import { createPost, shouldSendPost } from '../model/index.ts'
import type { Millis, NodeId, PostId, Signed, SignedPost, Verified } from '../model/types.ts'
import { runRequester } from '../sync/requester.ts'
import { runResponder } from '../sync/responder.ts'
import { generateIdentity, type MadePost, storeWith } from '../sync/test-support/fixtures.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import type { MemorySyncStore } from '../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { MapSender, receiveReplicaMaps } from './map-exchange.ts'
import { ReplicaBook } from './replica-book.ts'
import { type ReplicaMap, type SealedReplicaMap, signReplicaMap } from './replica-map.ts'
import { openReplicaMap, sealReplicaMap } from './sealed-map.ts'

const T = 1_735_689_600_000 + 30_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()
const mallory = generateIdentity()

let group: FixtureGroup
let post: MadePost

beforeAll(async () => {
  group = await groupWith(alice, [[bob, 'poster']])
  const sealed = await encryptForGroup(
    { plaintext: 'crag at 9', attachments: [], author: alice.nodeId, created_at: T - 1000 },
    { group: group.state.id, epoch: group.state.epoch, pub: group.state.epoch_pub },
  )
  const signed = await createPost(
    { identity: alice, content: sealed.content, attachments: [], created_at: T - 1000 },
    sealed.visibility,
  )
  post = { post: signed, blobs: new Map() }
})

const isMember = (node: NodeId): boolean => group.state.members.has(node)

/** The CEK of a group post for a node: members open it with the epoch secret; others cannot. */
const cekFor = (identity: Identity) => (p: SignedPost) =>
  isMember(identity.nodeId)
    ? openGroupContentKey(group.secret, p.post, p.visibility).catch(() => undefined)
    : Promise.resolve(undefined)

/** Alice's side: Carol holds the group post; maps go to whoever may receive it (the group's members). */
function aliceSide() {
  const store = storeWith([post])
  const book = new ReplicaBook()
  book.track(post.post.id, alice.nodeId)
  book.recordProof(carol.nodeId, post.post.id, true, T - 100)
  const sender = new MapSender({
    me: alice.nodeId,
    book,
    post: (id) => store.posts.get(id),
    mayRead: (requester, p, wanted) =>
      shouldSendPost(p, requester, wanted) || (p.visibility.type === 'group' && isMember(requester)),
    cekOf: cekFor(alice),
    sign: (map) => signReplicaMap(alice, map),
    now: () => T,
  })
  return { store, sender }
}

/** A receiver holding the group post's ciphertext: what it kept, what it refused. */
function receiverSide(identity: Identity) {
  const store: MemorySyncStore = storeWith([post])
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
  return { store, kept, refused, liveness: { onMaps } }
}

/** `who` pulls Alice's posts from Alice's honest responder. */
async function pullFromAlice(
  side: ReturnType<typeof aliceSide>,
  who: Identity,
  r: ReturnType<typeof receiverSide>,
) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, {
    store: side.store,
    verifier: modelVerifier,
    requester: who.nodeId,
    now: () => T,
    liveness: { maps: (requester, wanted) => side.sender.mapsFor(requester, wanted) },
  })
  await runRequester(a, {
    store: r.store,
    verifier: modelVerifier,
    wants: [alice.nodeId],
    peer: alice.nodeId,
    now: () => T,
    liveness: r.liveness,
  })
  await served
}

/** A hostile responder sends `maps` to `r` in one frame. */
async function lieTo(r: ReturnType<typeof receiverSide>, maps: unknown[]): Promise<void> {
  const [a, b] = memoryPipe()
  const pulling = runRequester(a, {
    store: r.store,
    verifier: modelVerifier,
    wants: [alice.nodeId],
    peer: alice.nodeId,
    now: () => T,
    liveness: r.liveness,
  })
  const liar = scripted(b)
  expect((await liar.next())?.type).toBe('hello')
  await liar.send({ type: 'maps', maps: maps as never }, { type: 'over' })
  expect((await liar.next())?.type).toBe('done')
  await liar.close()
  await pulling
}

describe('replica maps of group posts', () => {
  it('a member gets the sealed map and opens it; a non-member is sent none and cannot open it', async () => {
    const side = aliceSide()
    const bobs = receiverSide(bob)
    await pullFromAlice(side, bob, bobs)
    expect(bobs.refused).toEqual([])
    const kept = bobs.kept.get(post.post.id)
    expect(kept?.holders).toEqual([carol.nodeId])
    expect('sealed' in (kept?.map.record ?? {})).toBe(true)

    const mals = receiverSide(mallory)
    await pullFromAlice(side, mallory, mals)
    expect(mals.kept.size).toBe(0)
    expect(mals.refused).toEqual([])
    // the map Bob got, handed to Mallory: she cannot open it, keeps nothing
    await lieTo(mals, [kept?.map])
    expect(mals.refused).toEqual(['NotARecipientError'])
    expect(mals.kept.size).toBe(0)
    // nor does any other key open it (not the epoch's public key's bytes, not a guess)
    const record = kept?.map.record as SealedReplicaMap
    expect(() => openReplicaMap(group.state.epoch_pub, record)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
  })

  it('refuses forged, re-keyed and cleartext maps of a group post one by one, keeping nothing', async () => {
    const bobs = receiverSide(bob)
    const cek = await openGroupContentKey(group.secret, post.post.post, post.post.visibility)
    const base = { author: alice.nodeId, post_id: post.post.id, updated_at: T }
    const genuine = await signReplicaMap(alice, sealReplicaMap(cek, base, [carol.nodeId]))
    const flipped = new Uint8Array((genuine.record as SealedReplicaMap).sealed)
    flipped[30] = (flipped[30] ?? 0) ^ 1
    const hostile = [
      // forged: the sealed bytes changed after Alice signed
      { record: { ...genuine.record, sealed: flipped }, signature: genuine.signature },
      // Mallory signs a map in Alice's name
      {
        record: genuine.record,
        signature: (await signReplicaMap(mallory, { ...genuine.record, author: mallory.nodeId } as never))
          .signature,
      },
      // signed by Alice but sealed under a key that is not the post's
      await signReplicaMap(alice, sealReplicaMap(new Uint8Array(32).fill(7), base, [mallory.nodeId])),
      // cleartext holders for the group post
      await signReplicaMap(alice, { v: 1, ...base, holders: [mallory.nodeId] }),
    ]
    await lieTo(bobs, hostile)
    expect(bobs.refused).toEqual([
      'InvalidSignatureError',
      'InvalidSignatureError',
      'DecryptionError',
      'ValidationError',
    ])
    expect(bobs.kept.size).toBe(0)
    // the genuine one is taken
    await lieTo(bobs, [genuine])
    expect(bobs.kept.get(post.post.id)?.holders).toEqual([carol.nodeId])
  })
})
