import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/group-profile-version.json' with { type: 'json' }
import { fromHex } from '../../src/core/crypto/index.ts'
import { openGroupProfileVersion } from '../../src/core/groups/index.ts'
import { decodeCanonical } from '../../src/core/model/canonical.ts'
import { verifyProfileVersion } from '../../src/core/model/profile-version.ts'
import { buildGroupProfileVersionVectors } from './build/group-profile-version.ts'

const decode = (h: string): unknown => decodeCanonical(fromHex(h))

describe('group profile version vectors (docs/protocol/private-profile.md "Group tiers")', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildGroupProfileVersionVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`verifies and opens "${v.name}" with the epoch secret, one wrap for the group`, async () => {
      const signed = await verifyProfileVersion(decode(v.signed_cbor), v.now)
      expect(signed.record.visibility).toMatchObject({ type: 'group', group: v.group, epoch: v.epoch })
      expect(await openGroupProfileVersion(fromHex(v.epoch_secret), signed.record)).toEqual(v.fields)
    })
  }

  for (const c of vectors.invalid as Record<string, string>[]) {
    it(`refuses "${c.name}" with ${c.error}`, async () => {
      const attempt = async () => {
        const signed = await verifyProfileVersion(decode(c.signed_cbor as string), vectors.valid[0]!.now)
        if (c.op === 'open') await openGroupProfileVersion(fromHex(c.epoch_secret as string), signed.record)
      }
      await expect(attempt()).rejects.toMatchObject({ name: c.error })
    })
  }
})
