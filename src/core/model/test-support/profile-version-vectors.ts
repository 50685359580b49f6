/**
 * Builds the published private profile version vectors (docs/protocol/private-profile.md) from
 * fixed keys and deterministic randomness into docs/protocol/vectors/profile-version.json
 * (`npx tsx test/protocol/generate.ts profile-version`); `profile-version.test.ts` compares them.
 */
import { toHex } from '../../crypto/index.ts'
import { encodeCanonical } from '../canonical.ts'
import { PROFILE_VERSION_DOMAIN, sealProfileVersion } from '../profile-version.ts'
import { signRecord } from '../records.ts'
import { ALICE, BOB, CAROL, deterministicRandom, MALLORY, NOW } from './fixtures.ts'

const cbor = (v: unknown) => toHex(encodeCanonical(v))

/** Valid: Alice's "Close friends" version for Bob; invalid: each with the error it must raise. */
export async function buildProfileVersionVectors() {
  const fields = { display_name: 'Ali', bio: 'Close friends only' }
  const signed = await sealProfileVersion(
    ALICE,
    { fields, recipients: [BOB.nodeId], generation: NOW },
    { random: deterministicRandom('profile-version/close-friends') },
  )
  const flipped = signed.signature.slice()
  flipped[0] = (flipped[0] ?? 0) ^ 1
  const resigned = await signRecord(MALLORY, PROFILE_VERSION_DOMAIN, {
    ...signed.record,
    author: MALLORY.nodeId,
  })
  const publicVisibility = await signRecord(ALICE, PROFILE_VERSION_DOMAIN, {
    ...signed.record,
    visibility: { type: 'public' },
  } as never)
  const ahead = await sealProfileVersion(
    ALICE,
    { fields, recipients: [BOB.nodeId], generation: NOW + 16 * 60_000 },
    { random: deterministicRandom('profile-version/ahead') },
  )
  return {
    description:
      'Private profile versions (docs/protocol/private-profile.md). Keys: RFC 8032 seeds (Alice = test 1, Bob = test 2, Carol = test 3), Mallory = 32 bytes of 7; time 2025-01-01T00:00:00Z. signed_cbor is canonical CBOR of { record, signature }, signature = Ed25519(author, domain ‖ canonical CBOR(record)); the body is an envelope v2 bound to (author, generation). op verify: verifyProfileVersion at now; op open: openProfileVersion for reader_seed.',
    domain: PROFILE_VERSION_DOMAIN,
    valid: [
      {
        name: 'close friends version for Bob (padded to 8)',
        author_seed: toHex(ALICE.seed),
        now: NOW,
        fields,
        reader_seeds: [toHex(ALICE.seed), toHex(BOB.seed)],
        signed_cbor: cbor(signed),
        signature: toHex(signed.signature),
      },
    ],
    invalid: [
      {
        name: 'signature flipped',
        op: 'verify',
        signed_cbor: cbor({ ...signed, signature: flipped }),
        error: 'InvalidSignatureError',
      },
      {
        name: 'public visibility',
        op: 'verify',
        signed_cbor: cbor(publicVisibility),
        error: 'ValidationError',
      },
      {
        name: 'generation 16 min ahead',
        op: 'verify',
        signed_cbor: cbor(ahead),
        error: 'FutureTimestampError',
      },
      {
        name: 'not a recipient (Carol)',
        op: 'open',
        signed_cbor: cbor(signed),
        reader_seed: toHex(CAROL.seed),
        error: 'NotARecipientError',
      },
      {
        name: 'ciphertext re-signed by Mallory',
        op: 'open',
        signed_cbor: cbor(resigned),
        reader_seed: toHex(BOB.seed),
        error: 'DecryptionError',
      },
    ],
  }
}
