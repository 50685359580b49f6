import { ed25519 } from '@noble/curves/ed25519.js'
import { encode } from 'cborg'
import { describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { decodeAnnouncement, encodeAnnouncement, signAnnouncement } from './announce.ts'
import { nodeIdToKey } from './node-id-key.ts'
import { generateIdentity } from './test-support/fixtures.ts'

const verify = async (nodeId: NodeId, msg: Uint8Array, sig: Uint8Array) =>
  ed25519.verify(sig, msg, nodeIdToKey(nodeId))
const now = 1_700_000_000_000
const alice = generateIdentity()
const id = 'ab'.repeat(32) as PostId

async function signed(created_at = now) {
  return signAnnouncement({ author: alice.nodeId, id, created_at }, async (m) => ed25519.sign(m, alice.seed))
}

describe('gossip announcement', () => {
  it('round-trips a signed announcement without recipients', async () => {
    const bytes = encodeAnnouncement(await signed())
    const back = await decodeAnnouncement(bytes, verify, now)
    expect(back).toMatchObject({ author: alice.nodeId, id, created_at: now })
  })

  it('rejects an announcement signed by someone else', async () => {
    const mallory = generateIdentity()
    const forged = await signAnnouncement({ author: alice.nodeId, id, created_at: now }, async (m) =>
      ed25519.sign(m, mallory.seed),
    )
    await expect(decodeAnnouncement(encodeAnnouncement(forged), verify, now)).rejects.toMatchObject({
      name: 'InvalidSignatureError',
    })
  })

  it('rejects tampered, future, extra-key and malformed announcements with typed errors', async () => {
    const good = await signed()
    await expect(
      decodeAnnouncement(encodeAnnouncement({ ...good, created_at: now + 1 }), verify, now),
    ).rejects.toMatchObject({ name: 'InvalidSignatureError' })
    const future = await signed(now + 60 * 60 * 1000)
    await expect(decodeAnnouncement(encodeAnnouncement(future), verify, now)).rejects.toMatchObject({
      name: 'FutureTimestampError',
    })
    await expect(decodeAnnouncement(encode({ ...good, recipients: [] }), verify, now)).rejects.toMatchObject({
      name: 'MalformedError',
    })
    await expect(decodeAnnouncement(Uint8Array.of(0xa4, 0x61), verify, now)).rejects.toMatchObject({
      name: 'MalformedError',
    })
    await expect(decodeAnnouncement(new Uint8Array(600), verify, now)).rejects.toMatchObject({
      name: 'TooLargeError',
    })
  })
})
