/**
 * Vectors of docs/protocol/records.md: signed profiles and delete requests (domain ‖ canonical CBOR
 * of the record, Ed25519 by the author), and invalid candidates with the error each raises.
 */

import { concatBytes, utf8 } from '../../../src/core/crypto/index.ts'
import { encodeCanonical } from '../../../src/core/model/canonical.ts'
import {
  DELETE_DOMAIN,
  PROFILE_DOMAIN,
  signDeleteRequest,
  signProfile,
} from '../../../src/core/model/records.ts'
import type { BlobId, DeleteRequest, PostId, Profile, Signed } from '../../../src/core/model/types.ts'
import { ALICE, BOB, hex, NOW, seedHex } from './common.ts'

const ANCHOR = `/dns4/anchor.example/tcp/443/wss/p2p/12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV`

function describeSigned(kind: 'profile' | 'delete', name: string, signed: Signed<unknown>) {
  const domain = kind === 'profile' ? PROFILE_DOMAIN : DELETE_DOMAIN
  return {
    name,
    kind,
    author_seed: seedHex(ALICE),
    now: NOW,
    signed_message: hex(concatBytes(utf8(domain), encodeCanonical(signed.record))),
    signature: hex(signed.signature),
    signed_cbor: hex(encodeCanonical(signed)),
  }
}

/** The records vectors. */
export async function buildRecordsVectors() {
  const profile: Profile = {
    v: 1,
    author: ALICE.nodeId,
    display_name: 'Alice',
    bio: 'Writes the vectors.',
    anchors: [ANCHOR],
    updated_at: NOW,
  }
  const withAvatar: Profile = { ...profile, avatar: 'cd'.repeat(32) as BlobId }
  const del: DeleteRequest = {
    v: 1,
    author: ALICE.nodeId,
    post_id: 'ab'.repeat(32) as PostId,
    created_at: NOW,
  }
  const signedProfile = await signProfile(ALICE, profile)
  const signedDelete = await signDeleteRequest(ALICE, del)
  const invalid = (name: string, kind: 'profile' | 'delete', candidate: unknown, error: string) => ({
    name,
    kind,
    now: NOW,
    candidate_cbor: hex(encodeCanonical(candidate)),
    error,
  })
  const p = (record: Record<string, unknown>) => ({ record, signature: signedProfile.signature })
  const flipped = signedProfile.signature.map((b, i) => (i === 5 ? b ^ 0x10 : b))
  const future = await signProfile(ALICE, { ...profile, updated_at: NOW + 16 * 60_000 })
  return {
    description:
      'docs/protocol/records.md. A signed record is the canonical CBOR map {record, signature}; signature = Ed25519 by record.author over domain ‖ canonical CBOR of record, domains "distsoc/profile/v1" and "distsoc/delete/v1". Checked at `now` (ms): times at most 15 min ahead.',
    valid: [
      describeSigned('profile', 'profile with one anchor', signedProfile),
      describeSigned('profile', 'profile with an avatar', await signProfile(ALICE, withAvatar)),
      describeSigned('delete', 'delete request', signedDelete),
    ],
    invalid: [
      invalid('profile of version 2', 'profile', p({ ...profile, v: 2 }), 'ValidationError'),
      invalid(
        'profile with an unknown field',
        'profile',
        p({ ...profile, follows: [BOB.nodeId] }),
        'ValidationError',
      ),
      invalid(
        'profile with a blank display name',
        'profile',
        p({ ...profile, display_name: '  ' }),
        'ValidationError',
      ),
      invalid(
        'display name of 65 characters',
        'profile',
        p({ ...profile, display_name: 'A'.repeat(65) }),
        'TooLargeError',
      ),
      invalid('bio of 501 characters', 'profile', p({ ...profile, bio: 'b'.repeat(501) }), 'TooLargeError'),
      invalid(
        'profile listing 5 anchors',
        'profile',
        p({ ...profile, anchors: Array(5).fill(ANCHOR) }),
        'TooLargeError',
      ),
      invalid(
        'avatar that is not a BlobId',
        'profile',
        p({ ...profile, avatar: 'CD'.repeat(32) }),
        'ValidationError',
      ),
      invalid(
        'author that is not a NodeId',
        'profile',
        p({ ...profile, author: 'alice' }),
        'InvalidNodeIdError',
      ),
      invalid(
        'profile signature with one bit flipped',
        'profile',
        { record: profile, signature: flipped },
        'InvalidSignatureError',
      ),
      invalid(
        'profile re-labelled to another author',
        'profile',
        p({ ...profile, author: BOB.nodeId }),
        'InvalidSignatureError',
      ),
      invalid('profile dated 16 min in the future', 'profile', future, 'FutureTimestampError'),
      invalid(
        'signature of 63 bytes',
        'profile',
        { record: profile, signature: signedProfile.signature.subarray(1) },
        'ValidationError',
      ),
      invalid(
        'delete of an upper-case post id',
        'delete',
        { record: { ...del, post_id: 'AB'.repeat(32) }, signature: signedDelete.signature },
        'ValidationError',
      ),
      invalid(
        'a profile signature on a delete',
        'delete',
        { record: del, signature: signedProfile.signature },
        'InvalidSignatureError',
      ),
      invalid(
        'delete with a non-integer time',
        'delete',
        { record: { ...del, created_at: 1.5 }, signature: signedDelete.signature },
        'ValidationError',
      ),
    ],
  }
}
