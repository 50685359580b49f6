/**
 * Builds the published post and envelope vectors from fixed keys and deterministic randomness.
 * `test/protocol/generate.ts` writes them to `docs/protocol/vectors/*.json` once; `vectors.test.ts`
 * rebuilds and compares, then runs the invalid cases from the JSON.
 */
import { fromBase64Url, toBase64Url, toHex } from '../../crypto/index.ts'
import { encodeCanonical } from '../canonical.ts'
import { type EncryptedPost, encryptForRecipients } from '../envelope.ts'
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

/** A v1 envelope (no author binding, before issue 10), kept as an invalid vector. */
const V1_CONTENT =
  'ARPUWnTziRCQXAp_2-Abbp5h14bar69xHLJGHGXGD8fOw9dXiWA8oR7kyEmwZQobgGzPMj0wIiAeHHZRSqWh0ha8fM67cd2EudEPHSllGEjatxUyk6xKRmdm1StX0BTS'
/** The v1 envelope's CEK and visibility (Alice + Bob). */
const V1_CEK = 'c79203ca86ac30aad2138c16456884857896ce235e0156bfba8727fc0ed90a14'
const V1_VISIBILITY_CBOR =
  'a4617601647479706569656e637279707465646a726563697069656e747382a26777726170706564584901d9cd83b1c5851bbcf0ab5fe2be3edab91415a7a11187e8af7a6a402ef8523519e78453bfd39dcaad6ffc7f3a75f429a87fff460d9e2e37a726602a671aad56bdbd3bbafbffa9734a69726563697069656e747834313244334b6f6f57514b31776e65666f4c7263564862626e6635744c7a626f705564334b336246416f4a704137594a674c357056a26777726170706564584901e243671f6159ccce8ccae17998a4919509351a6f8af33f0c3a9c855bdd35ee0d549fb109d3dd635ce4eb93060d89aa41790b4acc67cfe99e584f566d7898ca168d2d2adae743a9ef69726563697069656e747834313244334b6f6f5744775469725163653152524b6e6173543566505646677a58437936536952675377727750474c43377a4539316d657068656d6572616c5f70756258208e43a758a68a6a4803bbc36edd40e3475fe7a02512e5ed5a38c500c43032397c'

function describeEnvelope(enc: EncryptedPost) {
  const vis = enc.visibility
  return {
    cek: hex(enc.cek),
    content: enc.content,
    attachments: enc.attachments.map(hex),
    ephemeral_pub: hex(vis.ephemeral_pub),
    wrapped: vis.recipients.map((r) => ({ recipient: r.recipient, wrapped: hex(r.wrapped) })),
    visibility_cbor: cbor(vis),
  }
}

/**
 * The envelope vectors (v2): an encryption for Alice + Bob, one padded to 8 for Alice, Bob and
 * Carol, and invalid inputs (v1 envelopes and re-signed ones among them) with the error each raises.
 */
export async function buildEnvelopeVectors() {
  const plaintext = 'Envelope vector: only Alice and Bob can read this. 🔐'
  const attachment = new Uint8Array(64).map((_, i) => i)
  const binding = { author: ALICE.nodeId, created_at: NOW }
  const enc = await encryptForRecipients(
    { ...binding, plaintext, attachments: [attachment], recipients: [ALICE.nodeId, BOB.nodeId] },
    { random: deterministicRandom('distsoc envelope vector 1') },
  )
  const padded = await encryptForRecipients(
    {
      ...binding,
      plaintext: 'Friends post, padded',
      attachments: [],
      recipients: [ALICE.nodeId, BOB.nodeId, CAROL.nodeId],
    },
    { random: deterministicRandom('distsoc envelope vector 2'), pad: true },
  )
  const content = fromBase64Url(enc.content)
  const tampered = content.slice()
  tampered[content.length - 20]! ^= 0x01
  const badVersion = content.slice()
  badVersion[0] = 0x03
  const wrapped = enc.visibility.recipients[1]!.wrapped.slice()
  wrapped[30]! ^= 0x01
  const vis = enc.visibility
  return {
    description:
      'docs/design.md §4 envelope v2: associated data of every AEAD = "distsoc v2 envelope" ‖ author Ed25519 key ‖ u64be(created_at). Randomness is BLAKE3-XOF(random_label ‖ u64be(counter)), drawn in order: CEK, content nonce, attachment nonces, ephemeral secret, one wrap nonce per recipient, then per padding entry its Ed25519 seed and 48 sealed-looking bytes. A padding entry\'s nonce is BLAKE3.derive_key("distsoc v2 padding", CEK ‖ NodeId)[..24].',
    valid: [
      {
        name: 'text and one attachment for Alice and Bob',
        random_label: 'distsoc envelope vector 1',
        ...binding,
        plaintext,
        attachments: [hex(attachment)],
        recipients: [ALICE.nodeId, BOB.nodeId],
        recipient_seeds: [hex(ALICE.seed), hex(BOB.seed)],
        expected: describeEnvelope(enc),
      },
      {
        name: 'Alice, Bob and Carol padded to 8',
        random_label: 'distsoc envelope vector 2',
        ...binding,
        plaintext: 'Friends post, padded',
        attachments: [],
        recipients: [ALICE.nodeId, BOB.nodeId, CAROL.nodeId],
        recipient_seeds: [hex(ALICE.seed), hex(BOB.seed), hex(CAROL.seed)],
        expected: describeEnvelope(padded),
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
      {
        name: 'wrapped key re-signed under another author',
        op: 'openContentKey',
        seed: hex(BOB.seed),
        visibility_cbor: cbor(vis),
        author: MALLORY.nodeId,
        error: 'DecryptionError',
      },
      {
        name: 'content re-signed under another author',
        op: 'decryptContent',
        cek: hex(enc.cek),
        content: enc.content,
        author: MALLORY.nodeId,
        error: 'DecryptionError',
      },
      {
        name: 'attachment of a post with another created_at',
        op: 'decryptAttachment',
        cek: hex(enc.cek),
        bytes: hex(enc.attachments[0]!),
        created_at: NOW + 1,
        error: 'DecryptionError',
      },
      {
        name: 'v1 content (no author binding)',
        op: 'decryptContent',
        cek: V1_CEK,
        content: V1_CONTENT,
        error: 'UnsupportedVersionError',
      },
      {
        name: 'v1 wrapped key (no author binding)',
        op: 'openContentKey',
        seed: hex(BOB.seed),
        visibility_cbor: V1_VISIBILITY_CBOR,
        error: 'UnsupportedVersionError',
      },
    ].map((c) => ({ ...binding, ...c })),
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
    {
      plaintext: 'Friends only',
      attachments: [],
      recipients: [ALICE.nodeId, BOB.nodeId],
      author: ALICE.nodeId,
      created_at: NOW + 120_000,
    },
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
      'docs/design.md §4 posts. PostId = BLAKE3(canonical CBOR of Post); signature = Ed25519("distsoc/post/v1" ‖ id bytes); visibility_signature = Ed25519("distsoc/visibility/v1" ‖ id bytes ‖ u64be(visibility_updated_at) ‖ canonical CBOR of visibility). Authors use the RFC 8032 test seeds.',
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
