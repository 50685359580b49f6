import { describe, expect, it } from 'vitest'
import vectors from '../../../docs/protocol/vectors/profile-version.json' with { type: 'json' }
import { fromHex, toHex } from '../crypto/index.ts'
import { decodeCanonical } from './canonical.ts'
import { openContentKey } from './envelope.ts'
import { realRecipients } from './envelope-padding.ts'
import { identityFromSeed } from './identity.ts'
import {
  openProfileVersion,
  parseProfileVersionFields,
  sealProfileVersion,
  verifyProfileVersion,
} from './profile-version.ts'
import { ALICE, BOB, CAROL, NOW } from './test-support/fixtures.ts'
import { buildProfileVersionVectors } from './test-support/profile-version-vectors.ts'

describe('profile version vectors', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildProfileVersionVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`verifies and opens "${v.name}" for every reader`, async () => {
      const signed = await verifyProfileVersion(decodeCanonical(fromHex(v.signed_cbor)), v.now)
      expect(toHex(signed.signature)).toBe(v.signature)
      for (const seed of v.reader_seeds) {
        expect(await openProfileVersion(identityFromSeed(fromHex(seed)), signed.record)).toEqual(v.fields)
      }
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      const candidate = decodeCanonical(fromHex(c.signed_cbor)) as { record: never }
      const attempt = async () =>
        c.op === 'verify'
          ? verifyProfileVersion(candidate, NOW)
          : openProfileVersion(identityFromSeed(fromHex(c.reader_seed!)), candidate.record)
      await expect(attempt()).rejects.toMatchObject({ name: c.error })
    })
  }
})

describe('sealProfileVersion', () => {
  it('seals for the tier and the author only, padded, bound to the generation', async () => {
    const signed = await sealProfileVersion(ALICE, {
      fields: { display_name: 'Ali', bio: '' },
      recipients: [BOB.nodeId, BOB.nodeId],
      generation: NOW,
    })
    expect(signed.record.visibility.recipients).toHaveLength(8)
    const cek = await openContentKey(BOB, { author: ALICE.nodeId, created_at: NOW }, signed.record.visibility)
    expect(realRecipients(cek, signed.record.visibility)).toEqual([ALICE.nodeId, BOB.nodeId])
    // moved to another generation the ciphertext no longer opens
    const moved = { ...signed.record, generation: NOW + 1 }
    await expect(openProfileVersion(BOB, moved)).rejects.toMatchObject({ name: 'DecryptionError' })
    await expect(openProfileVersion(CAROL, signed.record)).rejects.toMatchObject({
      name: 'NotARecipientError',
    })
  })

  it('refuses bad fields and recipients by name', async () => {
    const seal = (fields: unknown, recipients: unknown[] = [BOB.nodeId]) =>
      sealProfileVersion(ALICE, { fields: fields as never, recipients: recipients as never, generation: NOW })
    await expect(seal({ display_name: ' ', bio: '' })).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(seal({ display_name: 'x'.repeat(65), bio: '' })).rejects.toMatchObject({
      name: 'TooLargeError',
    })
    await expect(seal({ display_name: 'x', bio: '', extra: 1 })).rejects.toMatchObject({
      name: 'ValidationError',
    })
    await expect(seal({ display_name: 'x', bio: '' }, ['nope'])).rejects.toMatchObject({
      name: 'InvalidNodeIdError',
    })
    expect(() => parseProfileVersionFields(null)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })
})
