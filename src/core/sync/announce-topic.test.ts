import { TopicValidatorResult } from '@libp2p/gossipsub'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { ANNOUNCE_TOPIC, encodeAnnouncement, signAnnouncement } from './announce.ts'
import { announceTopicValidator } from './announce-topic.ts'
import { nodeIdToKey } from './node-id-key.ts'
import { generateIdentity } from './test-support/fixtures.ts'

const verify = async (nodeId: NodeId, msg: Uint8Array, sig: Uint8Array) =>
  ed25519.verify(sig, msg, nodeIdToKey(nodeId))
const now = 1_700_000_000_000
const alice = generateIdentity()
const id = 'cd'.repeat(32) as PostId

describe('the announcement topic validator', () => {
  it("answers with gossipsub's own verdicts: accept a good one, reject a forged one, ignore another topic", async () => {
    const validate = announceTopicValidator(verify, () => now)
    const good = await signAnnouncement({ author: alice.nodeId, id, created_at: now }, async (m) =>
      ed25519.sign(m, alice.seed),
    )
    const forged = { ...good, created_at: now - 1 }
    const message = (data: Uint8Array, topic = ANNOUNCE_TOPIC) => ({ topic, data }) as never
    expect(await validate(undefined as never, message(encodeAnnouncement(good)))).toBe(
      TopicValidatorResult.Accept,
    )
    expect(await validate(undefined as never, message(encodeAnnouncement(forged)))).toBe(
      TopicValidatorResult.Reject,
    )
    expect(await validate(undefined as never, message(new Uint8Array([1, 2])))).toBe(
      TopicValidatorResult.Reject,
    )
    expect(await validate(undefined as never, message(encodeAnnouncement(good), 'other/1'))).toBe(
      TopicValidatorResult.Ignore,
    )
  })
})
