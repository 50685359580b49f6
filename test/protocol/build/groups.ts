/**
 * Vectors of docs/protocol/groups.md: the group key wraps (an epoch secret wrapped for each
 * member, a group post's CEK wrapped once for the epoch key), from fixed keys and deterministic
 * randomness, and invalid inputs with the error each unwrap must raise.
 */

import { encryptForGroup, type MemberKey, newEpochKey, wrapEpochKey } from '../../../src/core/groups/index.ts'
import { encodeCanonical } from '../../../src/core/model/canonical.ts'
import { deterministicRandom } from '../../../src/core/model/test-support/fixtures.ts'
import type { GroupId } from '../../../src/core/model/types.ts'
import { ALICE, BOB, CAROL, hex, MALLORY, NOW } from './common.ts'

/** The fixed group id of the vectors (any 32-byte hash; ids are checked by the record fold, not here). */
export const VECTOR_GROUP = '6a'.repeat(32) as GroupId
const OTHER_GROUP = '6b'.repeat(32) as GroupId

const keysHex = (keys: readonly MemberKey[]) =>
  keys.map((k) => ({ member: k.member, wrapped: hex(k.wrapped) }))
const flip = (bytes: Uint8Array, at: number) => bytes.map((b, i) => (i === at ? b ^ 0x01 : b))

/** The groups vectors. */
export async function buildGroupsVectors() {
  const members = [ALICE.nodeId, BOB.nodeId, CAROL.nodeId]
  const epochRandom = deterministicRandom('distsoc group vector epoch')
  const epoch = newEpochKey(epochRandom)
  const wrapped = await wrapEpochKey(epoch.secret, VECTOR_GROUP, 1, members, epochRandom)
  const binding = { author: BOB.nodeId, created_at: NOW }
  const plaintext = 'Group vector: every member of epoch 1 can read this.'
  const post = await encryptForGroup(
    { ...binding, plaintext, attachments: [] },
    { group: VECTOR_GROUP, epoch: 1, pub: epoch.pub },
    deterministicRandom('distsoc group vector post'),
  )
  const other = newEpochKey(deterministicRandom('distsoc group vector other epoch'))
  const notTheEpoch = await wrapEpochKey(
    other.secret,
    VECTOR_GROUP,
    1,
    members,
    deterministicRandom('distsoc group vector wrong secret'),
  )
  const bobKey = wrapped.keys[1]!
  const epochCase = (name: string, error: string, over: Record<string, unknown>) => ({
    name,
    op: 'openEpochKey',
    seed: hex(BOB.seed),
    group: VECTOR_GROUP,
    epoch: 1,
    epoch_pub: hex(epoch.pub),
    ephemeral_pub: hex(wrapped.ephemeral_pub),
    keys: keysHex(wrapped.keys),
    ...over,
    error,
  })
  const vis = post.visibility
  const postCase = (name: string, error: string, over: Record<string, unknown>) => ({
    name,
    op: 'openGroupContentKey',
    epoch_secret: hex(epoch.secret),
    ...binding,
    visibility_cbor: hex(encodeCanonical(vis)),
    ...over,
    error,
  })
  const visCbor = (v: Record<string, unknown>) => hex(encodeCanonical({ ...vis, ...v }))
  return {
    description:
      'docs/protocol/groups.md. Both wraps are the envelope key wrap (src/core/model/key-wrap.ts): wrapped = 0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, key[32], AD), K = BLAKE3.derive_key(context, X25519(eph_secret, recipient_pub) ‖ ephemeral_pub ‖ recipient_pub). Epoch key: context "distsoc v2 group key", AD = context ‖ group id[32] ‖ u64be(epoch), recipient = each member\'s X25519 key (from the NodeId); the opened secret must map to epoch_pub. Group post: context "distsoc v2 group wrap", AD = "distsoc v2 envelope" ‖ author Ed25519 key[32] ‖ u64be(created_at) ‖ group id[32] ‖ u64be(epoch), recipient = epoch_pub; content as envelope v2. Randomness is BLAKE3-XOF(random_label ‖ u64be(counter)), drawn in order: epoch: the epoch secret, the ephemeral secret, one nonce per member; post: CEK, content nonce, the author-only envelope header (ephemeral secret, one nonce, discarded), the group ephemeral secret, its nonce. op openEpochKey: seed opens its copy among keys; op openGroupContentKey: epoch_secret opens the CEK of visibility_cbor for (author, created_at).',
    valid: [
      {
        name: 'epoch 1 secret wrapped for Alice, Bob and Carol',
        kind: 'epoch-key',
        random_label: 'distsoc group vector epoch',
        group: VECTOR_GROUP,
        epoch: 1,
        member_seeds: [hex(ALICE.seed), hex(BOB.seed), hex(CAROL.seed)],
        expected: {
          epoch_secret: hex(epoch.secret),
          epoch_pub: hex(epoch.pub),
          ephemeral_pub: hex(wrapped.ephemeral_pub),
          keys: keysHex(wrapped.keys),
        },
      },
      {
        name: "Bob's post to epoch 1, the CEK wrapped once",
        kind: 'group-post',
        random_label: 'distsoc group vector post',
        group: VECTOR_GROUP,
        epoch: 1,
        epoch_pub: hex(epoch.pub),
        epoch_secret: hex(epoch.secret),
        ...binding,
        plaintext,
        expected: {
          cek: hex(post.cek),
          content: post.content,
          ephemeral_pub: hex(vis.ephemeral_pub),
          wrapped: hex(vis.wrapped),
          visibility_cbor: hex(encodeCanonical(vis)),
        },
      },
    ],
    invalid: [
      epochCase('no copy for a non-member', 'NotAGroupMemberError', { seed: hex(MALLORY.seed) }),
      epochCase('tampered copy', 'DecryptionError', {
        keys: keysHex([wrapped.keys[0]!, { ...bobKey, wrapped: flip(bobKey.wrapped, 40) }]),
      }),
      epochCase('copy moved to another epoch', 'DecryptionError', { epoch: 2 }),
      epochCase('copy moved to another group', 'DecryptionError', { group: OTHER_GROUP }),
      epochCase("Bob's copy relabelled for Mallory", 'DecryptionError', {
        seed: hex(MALLORY.seed),
        keys: keysHex([{ ...bobKey, member: MALLORY.nodeId }]),
      }),
      epochCase('low-order ephemeral key', 'LowOrderKeyError', { ephemeral_pub: hex(new Uint8Array(32)) }),
      epochCase('version byte 0x01', 'UnsupportedVersionError', {
        keys: keysHex([{ ...bobKey, wrapped: Uint8Array.of(0x01, ...bobKey.wrapped.subarray(1)) }]),
      }),
      epochCase('truncated copy', 'DecryptionError', {
        keys: keysHex([{ ...bobKey, wrapped: bobKey.wrapped.subarray(0, 72) }]),
      }),
      epochCase('a secret that is not the epoch key', 'DecryptionError', {
        ephemeral_pub: hex(notTheEpoch.ephemeral_pub),
        keys: keysHex(notTheEpoch.keys),
      }),
      postCase('the secret of another epoch', 'DecryptionError', { epoch_secret: hex(other.secret) }),
      postCase('relabelled to another epoch', 'DecryptionError', { visibility_cbor: visCbor({ epoch: 2 }) }),
      postCase('relabelled to another group', 'DecryptionError', {
        visibility_cbor: visCbor({ group: OTHER_GROUP }),
      }),
      postCase('re-signed under another author', 'DecryptionError', { author: MALLORY.nodeId }),
      postCase('another created_at', 'DecryptionError', { created_at: NOW + 1 }),
      postCase('tampered wrapped key', 'DecryptionError', {
        visibility_cbor: visCbor({ wrapped: flip(vis.wrapped, 50) }),
      }),
      postCase('low-order ephemeral key', 'LowOrderKeyError', {
        visibility_cbor: visCbor({ ephemeral_pub: new Uint8Array(32) }),
      }),
      postCase('version byte 0x01', 'UnsupportedVersionError', {
        visibility_cbor: visCbor({ wrapped: Uint8Array.of(0x01, ...vis.wrapped.subarray(1)) }),
      }),
      postCase('a public post', 'NotAGroupMemberError', {
        visibility_cbor: hex(encodeCanonical({ type: 'public' })),
      }),
      postCase('wrapped key of 72 bytes', 'ValidationError', {
        visibility_cbor: visCbor({ wrapped: vis.wrapped.subarray(0, 72) }),
      }),
    ],
  }
}
