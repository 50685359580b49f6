/**
 * Vectors of docs/protocol/private-profile.md "Group tiers": a profile version sealed once for a
 * group's epoch key (the group post wrap), from fixed keys and deterministic randomness, and
 * invalid inputs with the error verifying or opening must raise.
 */
import { newEpochKey, sealGroupProfileVersion } from '../../../src/core/groups/index.ts'
import { encodeCanonical } from '../../../src/core/model/canonical.ts'
import { PROFILE_VERSION_DOMAIN } from '../../../src/core/model/profile-version.ts'
import { signRecord } from '../../../src/core/model/records.ts'
import { deterministicRandom } from '../../../src/core/model/test-support/fixtures.ts'
import { ALICE, hex, MALLORY, NOW } from './common.ts'
import { VECTOR_GROUP } from './groups.ts'

/** The group profile version vectors. */
export async function buildGroupProfileVersionVectors() {
  const epoch = newEpochKey(deterministicRandom('distsoc group profile vector epoch'))
  const next = newEpochKey(deterministicRandom('distsoc group profile vector next epoch'))
  const fields = { display_name: 'Ali on the wall', bio: 'Climbing club only' }
  const signed = await sealGroupProfileVersion(
    ALICE,
    { fields, target: { group: VECTOR_GROUP, epoch: 1, pub: epoch.pub }, generation: NOW },
    deterministicRandom('distsoc group profile vector seal'),
  )
  const flipped = signed.signature.map((b, i) => (i === 0 ? b ^ 1 : b))
  const moved = await signRecord(ALICE, PROFILE_VERSION_DOMAIN, {
    ...signed.record,
    visibility: { ...signed.record.visibility, epoch: 2 },
  })
  const resigned = await signRecord(MALLORY, PROFILE_VERSION_DOMAIN, {
    ...signed.record,
    author: MALLORY.nodeId,
  })
  return {
    description:
      'Group tier profile versions (docs/protocol/private-profile.md "Group tiers"). Keys: RFC 8032 seeds (Alice = test 1), Mallory = 32 bytes of 7; time 2025-01-01T00:00:00Z; the group id of groups.json. The body is an envelope v2 bound to (author, generation); its CEK is wrapped once for the epoch key with the group post wrap (groups.md). op verify: verifyProfileVersion at now; op open: openGroupProfileVersion with epoch_secret.',
    domain: PROFILE_VERSION_DOMAIN,
    valid: [
      {
        name: 'Climbing club version, epoch 1',
        now: NOW,
        group: VECTOR_GROUP,
        epoch: 1,
        epoch_secret: hex(epoch.secret),
        fields,
        signed_cbor: hex(encodeCanonical(signed)),
      },
    ],
    invalid: [
      {
        name: 'signature flipped',
        op: 'verify',
        signed_cbor: hex(encodeCanonical({ ...signed, signature: flipped })),
        error: 'InvalidSignatureError',
      },
      {
        name: 'the next epoch’s key (a removed member has the old one only)',
        op: 'open',
        epoch_secret: hex(next.secret),
        signed_cbor: hex(encodeCanonical(signed)),
        error: 'DecryptionError',
      },
      {
        name: 'epoch field moved to 2 and re-signed',
        op: 'open',
        epoch_secret: hex(epoch.secret),
        signed_cbor: hex(encodeCanonical(moved)),
        error: 'DecryptionError',
      },
      {
        name: 'ciphertext re-signed by Mallory',
        op: 'open',
        epoch_secret: hex(epoch.secret),
        signed_cbor: hex(encodeCanonical(resigned)),
        error: 'DecryptionError',
      },
    ],
  }
}
