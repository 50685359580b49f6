/**
 * Reconciliation covers a post's visibility version (seed D-2 "sync access list"): a holder of an
 * older header converges on the newest one; an older or forged header never wins; a removed
 * recipient is not sent the post at all.
 */
import { describe, expect, it } from 'vitest'
import { sign } from '../crypto/index.ts'
import {
  openContentKey,
  rewrapForRecipients,
  updateVisibility,
  visibilitySignatureMessage,
} from '../model/index.ts'
import type { NodeId, SignedPost, Verified } from '../model/types.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()

async function pull(client: MemorySyncStore, server: MemorySyncStore, requester: NodeId, wants: NodeId[]) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, { store: server, verifier: modelVerifier, requester })
  const result = await runRequester(a, {
    store: client,
    verifier: modelVerifier,
    wants,
    now: () => T + 10_000,
  })
  await served.catch(() => undefined)
  return result
}

/** Alice's circle post to Bob and Carol, and the same post with Carol removed (same key, new header). */
async function postAndRevocation(): Promise<{ old: Verified<SignedPost>; revoked: Verified<SignedPost> }> {
  const { post: old } = await makePost(alice, T, { recipients: [alice.nodeId, bob.nodeId, carol.nodeId] })
  const cek = await openContentKey(alice, old.post, old.visibility)
  const visibility = await rewrapForRecipients(cek, [alice.nodeId, bob.nodeId], old.post)
  const revoked = await updateVisibility(alice, old, visibility, T + 100)
  return { old, revoked }
}

describe('visibility in reconciliation', () => {
  it('brings a holder of the old header onto the new one, then has nothing left to do', async () => {
    const { old, revoked } = await postAndRevocation()
    const bobs = storeWith([{ post: old, blobs: new Map() }])
    const alices = storeWith([{ post: revoked, blobs: new Map() }])
    const first = await pull(bobs, alices, bob.nodeId, [alice.nodeId])
    expect(first.received.visibility).toBe(1)
    expect(bobs.posts.get(old.id)?.visibility_updated_at).toBe(T + 100)
    await expect(openContentKey(bob, old.post, bobs.posts.get(old.id)!.visibility)).resolves.toBeInstanceOf(
      Uint8Array,
    )
    const again = await pull(bobs, alices, bob.nodeId, [alice.nodeId])
    expect(again.roundTrips).toBe(1)
    expect(again.received).toMatchObject({ posts: 0, visibility: 0 })
  })

  it('never takes an older header from a holder that is behind', async () => {
    const { old, revoked } = await postAndRevocation()
    const bobs = storeWith([{ post: revoked, blobs: new Map() }])
    const stale = storeWith([{ post: old, blobs: new Map() }])
    const result = await pull(bobs, stale, bob.nodeId, [alice.nodeId])
    expect(result.received.visibility).toBe(0)
    expect(bobs.posts.get(old.id)?.visibility_updated_at).toBe(T + 100)
  })

  it('sends the post no more to the removed recipient, whether or not they synced it before', async () => {
    const { revoked } = await postAndRevocation()
    const alices = storeWith([{ post: revoked, blobs: new Map() }])
    const neverSynced = storeWith([])
    const result = await pull(neverSynced, alices, carol.nodeId, [alice.nodeId, carol.nodeId])
    expect(result.received.posts).toBe(0)
    expect(neverSynced.posts.size).toBe(0)
  })

  it('skips a header signed by someone other than the author and keeps the held one', async () => {
    const { old } = await postAndRevocation()
    const cek = await openContentKey(alice, old.post, old.visibility)
    const visibility = await rewrapForRecipients(cek, [alice.nodeId, bob.nodeId, carol.nodeId], old.post)
    const at = T + 200
    const forged = {
      ...old,
      visibility,
      visibility_updated_at: at,
      visibility_signature: await sign(carol.seed, visibilitySignatureMessage(old.id, at, visibility)),
    }
    const bobs = storeWith([{ post: old, blobs: new Map() }])
    const hostile = storeWith([])
    hostile.seedPost(forged)
    const result = await pull(bobs, hostile, bob.nodeId, [alice.nodeId])
    expect(result.skipped).toMatchObject({ InvalidSignatureError: 1 })
    expect(bobs.posts.get(old.id)?.visibility_updated_at).toBe(old.visibility_updated_at)
    expect(bobs.writes).toBe(0)
  })
})
