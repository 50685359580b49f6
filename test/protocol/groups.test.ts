import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/groups.json' with { type: 'json' }
import { fromHex, toHex, x25519PublicKey } from '../../src/core/crypto/index.ts'
import { openEpochKey, openGroupContentKey } from '../../src/core/groups/index.ts'
import { decodeCanonical } from '../../src/core/model/canonical.ts'
import { decryptContent } from '../../src/core/model/envelope.ts'
import { identityFromSeed } from '../../src/core/model/identity.ts'
import { parseVisibility } from '../../src/core/model/post-shape.ts'
import type { GroupId, NodeId } from '../../src/core/model/types.ts'
import { buildGroupsVectors } from './build/groups.ts'

type Keys = { member: string; wrapped: string }[]
const keysOf = (keys: Keys) => keys.map((k) => ({ member: k.member as NodeId, wrapped: fromHex(k.wrapped) }))

describe('groups vectors (docs/protocol/groups.md)', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildGroupsVectors()))).toEqual(vectors)
  })

  const [epochVector, postVector] = vectors.valid as [
    (typeof vectors.valid)[number] & { member_seeds: string[] },
    (typeof vectors.valid)[number] & { epoch_secret: string; author: NodeId; created_at: number },
  ]

  it('opens the epoch secret for every member, and it maps to epoch_pub', async () => {
    const e = epochVector.expected as {
      epoch_secret: string
      epoch_pub: string
      ephemeral_pub: string
      keys: Keys
    }
    expect(toHex(x25519PublicKey(fromHex(e.epoch_secret)))).toBe(e.epoch_pub)
    for (const seed of epochVector.member_seeds) {
      const secret = await openEpochKey(
        identityFromSeed(fromHex(seed)),
        epochVector.group as GroupId,
        epochVector.epoch,
        fromHex(e.epoch_pub),
        fromHex(e.ephemeral_pub),
        keysOf(e.keys),
      )
      expect(toHex(secret)).toBe(e.epoch_secret)
    }
  })

  it("opens the group post's CEK with the epoch secret and decrypts its text", async () => {
    const e = postVector.expected as { cek: string; content: string; visibility_cbor: string }
    const binding = { author: postVector.author, created_at: postVector.created_at }
    const visibility = parseVisibility(decodeCanonical(fromHex(e.visibility_cbor)))
    const cek = await openGroupContentKey(fromHex(postVector.epoch_secret), binding, visibility)
    expect(toHex(cek)).toBe(e.cek)
    expect(decryptContent(cek, e.content, binding)).toBe((postVector as { plaintext: string }).plaintext)
  })

  for (const c of vectors.invalid as Record<string, unknown>[]) {
    it(`refuses "${c.name}" with ${c.error}`, async () => {
      const attempt = async () => {
        if (c.op === 'openEpochKey')
          return openEpochKey(
            identityFromSeed(fromHex(c.seed as string)),
            c.group as GroupId,
            c.epoch as number,
            fromHex(c.epoch_pub as string),
            fromHex(c.ephemeral_pub as string),
            keysOf(c.keys as Keys),
          )
        const visibility = parseVisibility(decodeCanonical(fromHex(c.visibility_cbor as string)))
        const binding = { author: c.author as NodeId, created_at: c.created_at as number }
        return openGroupContentKey(fromHex(c.epoch_secret as string), binding, visibility)
      }
      await expect(attempt()).rejects.toMatchObject({ name: c.error })
    })
  }
})
