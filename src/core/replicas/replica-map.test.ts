import { describe, expect, it } from 'vitest'
import { utf8 } from '../crypto/index.ts'
import { encodeCanonical } from '../model/canonical.ts'
import { createPost, encryptForRecipients, generateIdentity, openContentKey } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { REPLICA_LIMITS } from './limits.ts'
import { parseReplicaMap, signReplicaMap, verifyReplicaMap } from './replica-map.ts'
import { openReplicaMap, sealReplicaMap } from './sealed-map.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()
const mallory = generateIdentity()
const holders = [bob.nodeId, carol.nodeId]

async function encryptedPost() {
  const enc = await encryptForRecipients({
    plaintext: 'only for bob and carol',
    attachments: [],
    recipients: [bob.nodeId, carol.nodeId],
    author: alice.nodeId,
    created_at: T,
  })
  const post = await createPost(
    { identity: alice, content: enc.content, attachments: [], created_at: T },
    enc.visibility,
  )
  return { post, cek: enc.cek }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

describe('replica map of an encrypted post', () => {
  it('is readable by a keyholder and unreadable to a non-keyholder', async () => {
    const { post, cek } = await encryptedPost()
    const sealed = sealReplicaMap(cek, { author: alice.nodeId, post_id: post.id, updated_at: T }, holders)
    const signed = await verifyReplicaMap(await signReplicaMap(alice, sealed), T)
    const wire = encodeCanonical(signed)
    for (const h of holders) expect(contains(wire, utf8(h))).toBe(false)
    // a keyholder opens its CEK from the envelope, then the map
    const bobCek = await openContentKey(bob, { author: alice.nodeId, created_at: T }, post.visibility)
    expect(openReplicaMap(bobCek, signed.record as typeof sealed)).toEqual([...holders].sort())
    // a non-keyholder has no CEK, and any other key fails
    await expect(
      openContentKey(mallory, { author: alice.nodeId, created_at: T }, post.visibility),
    ).rejects.toMatchObject({
      name: 'NotARecipientError',
    })
    expect(() => openReplicaMap(new Uint8Array(32).fill(7), sealed)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
  })

  it('has the same length whatever the number of holders', async () => {
    const { post, cek } = await encryptedPost()
    const base = { author: alice.nodeId, post_id: post.id, updated_at: T }
    const one = sealReplicaMap(cek, base, [bob.nodeId])
    const many = sealReplicaMap(
      cek,
      base,
      Array.from({ length: 16 }, () => generateIdentity().nodeId),
    )
    expect(one.sealed.length).toBe(many.sealed.length)
  })

  it('does not open when moved to another post or time', async () => {
    const { post, cek } = await encryptedPost()
    const sealed = sealReplicaMap(cek, { author: alice.nodeId, post_id: post.id, updated_at: T }, holders)
    expect(() => openReplicaMap(cek, { ...sealed, updated_at: T + 1 })).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
  })
})

describe('replica map of a public post', () => {
  it('is a signed cleartext list anyone verifies', async () => {
    const map = {
      v: 1 as const,
      author: alice.nodeId,
      post_id: 'ab'.repeat(32) as never,
      updated_at: T,
      holders: [...holders].sort(),
    }
    const signed = await verifyReplicaMap(await signReplicaMap(alice, map), T)
    expect(signed.record).toEqual(map)
  })

  it('refuses a forged signature, a foreign signer, and a future date with typed errors', async () => {
    const map = {
      v: 1 as const,
      author: alice.nodeId,
      post_id: 'ab'.repeat(32) as never,
      updated_at: T,
      holders: [...holders].sort(),
    }
    const signed = await signReplicaMap(alice, map)
    const forged = { record: { ...map, holders: [mallory.nodeId] }, signature: signed.signature }
    await expect(verifyReplicaMap(forged, T)).rejects.toMatchObject({ name: 'InvalidSignatureError' })
    await expect(signReplicaMap(mallory, map)).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(verifyReplicaMap(signed, T - 16 * 60_000)).rejects.toMatchObject({
      name: 'FutureTimestampError',
    })
  })

  it('refuses oversize, duplicate, unsorted and self-listing holder lists', () => {
    const base = { v: 1, author: alice.nodeId, post_id: 'ab'.repeat(32), updated_at: T }
    const many: NodeId[] = Array.from(
      { length: REPLICA_LIMITS.holdersPerMap + 1 },
      () => generateIdentity().nodeId,
    )
    expect(() => parseReplicaMap({ ...base, holders: many })).toThrow(
      expect.objectContaining({ name: 'TooLargeError' }),
    )
    expect(() => parseReplicaMap({ ...base, holders: [bob.nodeId, bob.nodeId] })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    const unsorted = [...holders].sort().reverse()
    expect(() => parseReplicaMap({ ...base, holders: unsorted })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(() => parseReplicaMap({ ...base, holders: [alice.nodeId] })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(() => parseReplicaMap({ ...base, holders: ['not a node'] })).toThrow(
      expect.objectContaining({ name: 'InvalidNodeIdError' }),
    )
    expect(() => parseReplicaMap({ ...base, holders: [], sealed: new Uint8Array(8) })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(() => parseReplicaMap({ ...base, sealed: new Uint8Array(5000) })).toThrow(
      expect.objectContaining({ name: 'TooLargeError' }),
    )
  })
})
