import { describe, expect, it } from 'vitest'
import envelopeVectors from '../../../docs/protocol/vectors/envelope.json' with { type: 'json' }
import postVectors from '../../../docs/protocol/vectors/post.json' with { type: 'json' }
import { fromHex, toHex } from '../crypto/index.ts'
import { decodeCanonical } from './canonical.ts'
import { decryptAttachment, decryptContent, openContentKey } from './envelope.ts'
import { realRecipients } from './envelope-padding.ts'
import { identityFromSeed } from './identity.ts'
import { computePostId, verifyPost } from './post.ts'
import { parsePost, parseVisibility } from './post-shape.ts'
import { buildEnvelopeVectors, buildPostVectors } from './test-support/vectors.ts'
import type { NodeId } from './types.ts'

describe('envelope vectors', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildEnvelopeVectors()))).toEqual(envelopeVectors)
  })

  for (const v of envelopeVectors.valid) {
    it(`opens the valid vector "${v.name}" for every recipient`, async () => {
      const visibility = parseVisibility(decodeCanonical(fromHex(v.expected.visibility_cbor)))
      const binding = { author: v.author as NodeId, created_at: v.created_at }
      for (const seed of v.recipient_seeds) {
        const cek = await openContentKey(identityFromSeed(fromHex(seed)), binding, visibility)
        expect(toHex(cek)).toBe(v.expected.cek)
        expect(decryptContent(cek, v.expected.content, binding)).toBe(v.plaintext)
        expect(v.expected.attachments.map((a) => toHex(decryptAttachment(cek, fromHex(a), binding)))).toEqual(
          v.attachments,
        )
        expect(realRecipients(cek, visibility)).toEqual(v.recipients)
      }
    })
  }

  for (const c of envelopeVectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      const binding = { author: c.author as NodeId, created_at: c.created_at }
      const attempt = async () => {
        if (c.op === 'decryptContent') return decryptContent(fromHex(c.cek!), c.content!, binding)
        if (c.op === 'decryptAttachment')
          return decryptAttachment(fromHex(c.cek!), fromHex(c.bytes!), binding)
        const visibility = parseVisibility(decodeCanonical(fromHex(c.visibility_cbor!)))
        return openContentKey(identityFromSeed(fromHex(c.seed!)), binding, visibility)
      }
      await expect(attempt()).rejects.toMatchObject({ name: c.error })
    })
  }
})

describe('post vectors', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildPostVectors()))).toEqual(postVectors)
  })

  for (const v of postVectors.valid) {
    it(`verifies the valid vector "${v.name}"`, async () => {
      const post = parsePost(decodeCanonical(fromHex(v.post_cbor)))
      expect(computePostId(post)).toBe(v.id)
      expect(post.author).toBe(identityFromSeed(fromHex(v.author_seed)).nodeId)
      const verified = await verifyPost(decodeCanonical(fromHex(v.signed_post_cbor)), v.now)
      expect(toHex(verified.signature)).toBe(v.signature)
      expect(toHex(verified.visibility_signature)).toBe(v.visibility_signature)
    })
  }

  for (const c of postVectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      await expect(verifyPost(decodeCanonical(fromHex(c.candidate_cbor)), c.now)).rejects.toMatchObject({
        name: c.error,
      })
    })
  }
})
