import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/records.json' with { type: 'json' }
import { concatBytes, fromHex, toHex, utf8 } from '../../src/core/crypto/index.ts'
import { decodeCanonical, encodeCanonical } from '../../src/core/model/canonical.ts'
import { identityFromSeed } from '../../src/core/model/identity.ts'
import {
  DELETE_DOMAIN,
  PROFILE_DOMAIN,
  verifyDeleteRequest,
  verifyProfile,
} from '../../src/core/model/records.ts'
import { buildRecordsVectors } from './build/records.ts'

const verifyOf = (kind: string) => (kind === 'profile' ? verifyProfile : verifyDeleteRequest)

describe('records vectors (docs/protocol/records.md)', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildRecordsVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`verifies the ${v.kind} "${v.name}"`, async () => {
      const signed = await verifyOf(v.kind)(decodeCanonical(fromHex(v.signed_cbor)), v.now)
      expect(signed.record.author).toBe(identityFromSeed(fromHex(v.author_seed)).nodeId)
      expect(toHex(signed.signature)).toBe(v.signature)
      const domain = v.kind === 'profile' ? PROFILE_DOMAIN : DELETE_DOMAIN
      expect(toHex(concatBytes(utf8(domain), encodeCanonical(signed.record)))).toBe(v.signed_message)
      expect(toHex(encodeCanonical(signed))).toBe(v.signed_cbor)
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects the ${c.kind} "${c.name}" with ${c.error}`, async () => {
      await expect(verifyOf(c.kind)(decodeCanonical(fromHex(c.candidate_cbor)), c.now)).rejects.toMatchObject(
        {
          name: c.error,
        },
      )
    })
  }
})
