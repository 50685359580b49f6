/**
 * Builds the published post and envelope vectors from fixed keys and deterministic randomness. The
 * generator writes them to `vectors/*.json` once; `vectors.test.ts` rebuilds and compares, then runs
 * the invalid cases from the JSON.
 */
import { fromBase64Url, toBase64Url, toHex } from '../../crypto/index.ts'
import { encodeCanonical } from '../canonical.ts'
import { encryptForRecipients } from '../envelope.ts'
import { computePostId, createPost, signPost } from '../post.ts'
import type { Attachment, PostId, SignedPost } from '../types.ts'
import { ALICE, BOB, CAROL, deterministicRandom, MALLORY, NOW } from './fixtures.ts'

const hex = (b: Uint8Array) => toHex(b)
const cbor = (v: unknown) => toHex(encodeCanonical(v))

function describeSigned(sp: SignedPost) {
  return {
    post_cbor: cbor(sp.post),
    id: sp.id,
    signature: hex(sp.signature),
    visibility_cbor: cbor(sp.visibility),
    visibility_updated_at: sp.visibility_updated_at,
    visibility_signature: hex(sp.visibility_signature),
    signed_post_cbor: cbor(sp),
  }
}

/** The envelope vectors: one valid encryption for Alice + Bob, and invalid inputs with the error each must raise. */
export async function buildEnvelopeVectors() {
  const plaintext = 'Envelope vector: only Alice and Bob can read this. 🔐'
  const attachment = new Uint8Array(64).map((_, i) => i)
  const enc = await encryptForRecipients(
    { plaintext, attachments: [attachment], recipients: [ALICE.nodeId, BOB.nodeId] },
    { random: deterministicRandom('distsoc envelope vector 1') },
  )
  const content = fromBase64Url(enc.content)
  const tampered = content.slice()
  tampered[content.length - 20]! ^= 0x01
  const badVersion = content.slice()
  badVersion[0] = 0x02
  const wrapped = enc.visibility.recipients[1]!.wrapped.slice()
  wrapped[30]! ^= 0x01
  const vis = enc.visibility
  return {
    description:
      'DESIGN §4 envelope. Randomness is BLAKE3-XOF("distsoc envelope vector 1" ‖ u64be(counter)), drawn in order: CEK, content nonce, attachment nonces, ephemeral secret, one wrap nonce per recipient.',
    valid: [
      {
        name: 'text and one attachment for Alice and Bob',
        random_label: 'distsoc envelope vector 1',
        plaintext,
        attachments: [hex(attachment)],
        recipients: [ALICE.nodeId, BOB.nodeId],
        recipient_seeds: [hex(ALICE.seed), hex(BOB.seed)],
        expected: {
          cek: hex(enc.cek),
          content: enc.content,
          attachments: enc.attachments.map(hex),
          ephemeral_pub: hex(vis.ephemeral_pub),
          wrapped: vis.recipients.map((r) => ({ recipient: r.recipient, wrapped: hex(r.wrapped) })),
          visibility_cbor: cbor(vis),
        },
      },
    ],
    invalid: [
      {
        name: 'tampered ciphertext',
        op: 'decryptContent',
        cek: hex(enc.cek),
        content: toBase64Url(tampered),
        error: 'DecryptionError',
      },
      {
        name: 'truncated envelope',
        op: 'decryptContent',
        cek: hex(enc.cek),
        content: toBase64Url(content.subarray(0, 30)),
        error: 'DecryptionError',
      },
      {
        name: 'bad version byte',
        op: 'decryptContent',
        cek: hex(enc.cek),
        content: toBase64Url(badVersion),
        error: 'UnsupportedVersionError',
      },
      {
        name: 'content not base64url',
        op: 'decryptContent',
        cek: hex(enc.cek),
        content: `${enc.content}=`,
        error: 'MalformedError',
      },
      {
        name: 'truncated attachment',
        op: 'decryptAttachment',
        cek: hex(enc.cek),
        bytes: hex(enc.attachments[0]!.subarray(0, 40)),
        error: 'DecryptionError',
      },
      {
        name: 'wrong recipient',
        op: 'openContentKey',
        seed: hex(CAROL.seed),
        visibility_cbor: cbor(vis),
        error: 'NotARecipientError',
      },
      {
        name: 'tampered wrapped key',
        op: 'openContentKey',
        seed: hex(BOB.seed),
        visibility_cbor: cbor({
          ...vis,
          recipients: [vis.recipients[0], { ...vis.recipients[1]!, wrapped }],
        }),
        error: 'DecryptionError',
      },
      {
        name: 'low-order ephemeral key',
        op: 'openContentKey',
        seed: hex(BOB.seed),
        visibility_cbor: cbor({ ...vis, ephemeral_pub: new Uint8Array(32) }),
        error: 'LowOrderKeyError',
      },
      {
        name: 'copy relabelled for a non-recipient',
        op: 'openContentKey',
        seed: hex(MALLORY.seed),
        visibility_cbor: cbor({ ...vis, recipients: [{ ...vis.recipients[1]!, recipient: MALLORY.nodeId }] }),
        error: 'DecryptionError',
      },
    ],
  }
}

/** The post vectors: valid public, reply-with-attachment and encrypted posts, and invalid candidates. */
export async function buildPostVectors() {
  const pub = { type: 'public' } as const
  const first = await createPost(
    { identity: ALICE, content: 'Hello, distsoc!', attachments: [], created_at: NOW },
    pub,
  )
  const attachment: Attachment = {
    blob: 'ab'.repeat(32) as Attachment['blob'],
    mime: 'image/webp',
    size: 1234,
  }
  const reply = await createPost(
    {
      identity: BOB,
      content: 'Welcome 👋',
      attachments: [attachment],
      reply_to: first.id,
      created_at: NOW + 60_000,
    },
    pub,
  )
  const enc = await encryptForRecipients(
    { plaintext: 'Friends only', attachments: [], recipients: [ALICE.nodeId, BOB.nodeId] },
    { random: deterministicRandom('distsoc post vector encrypted') },
  )
  const encrypted = await createPost(
    { identity: ALICE, content: enc.content, attachments: [], created_at: NOW + 120_000 },
    enc.visibility,
  )
  const forgedPost = { ...first.post, author: CAROL.nodeId }
  const forged = { ...first, post: forgedPost, id: computePostId(forgedPost) }
  const future = await signPost(
    ALICE,
    {
      v: 1,
      author: ALICE.nodeId,
      created_at: NOW + 15 * 60_000 + 1,
      content: 'from the future',
      attachments: [],
    },
    pub,
    NOW + 15 * 60_000 + 1,
  )
  const badSig = { ...first, signature: first.signature.map((b, i) => (i === 10 ? b ^ 1 : b)) }
  const invalid = (name: string, candidate: unknown, error: string) => ({
    name,
    now: NOW,
    candidate_cbor: cbor(candidate),
    error,
  })
  return {
    description:
      'DESIGN §4 posts. PostId = BLAKE3(canonical CBOR of Post); signature = Ed25519("distsoc/post/v1" ‖ id bytes); visibility_signature = Ed25519("distsoc/visibility/v1" ‖ id bytes ‖ u64be(visibility_updated_at) ‖ canonical CBOR of visibility). Authors use the RFC 8032 test seeds.',
    valid: [
      { name: 'public post', author_seed: hex(ALICE.seed), now: NOW, ...describeSigned(first) },
      {
        name: 'public reply with attachment',
        author_seed: hex(BOB.seed),
        now: NOW + 60_000,
        ...describeSigned(reply),
      },
      {
        name: 'encrypted post',
        author_seed: hex(ALICE.seed),
        now: NOW + 120_000,
        ...describeSigned(encrypted),
      },
    ],
    invalid: [
      invalid('forged author (id recomputed, signature by Alice)', forged, 'InvalidSignatureError'),
      invalid('id mismatch', { ...first, id: 'ff'.repeat(32) as PostId }, 'IdMismatchError'),
      invalid(
        'content changed after signing',
        { ...first, post: { ...first.post, content: 'Hello, distsoc?' } },
        'IdMismatchError',
      ),
      invalid('future timestamp', future, 'FutureTimestampError'),
      invalid('flipped signature bit', badSig, 'InvalidSignatureError'),
      invalid('visibility swapped to public', { ...encrypted, visibility: pub }, 'InvalidSignatureError'),
      invalid('extra field', { ...first, extra: 1 }, 'ValidationError'),
      invalid(
        'author not a NodeId',
        { ...first, post: { ...first.post, author: 'alice' } },
        'InvalidNodeIdError',
      ),
    ],
  }
}
