/**
 * Builds the replica vectors (docs/protocol/vectors/replicas.json) from fixed keys: signed holding
 * reports and replica maps (public and sealed) as canonical CBOR hex, the liveness `check` / `held`
 * and the `maps` sync frames as wire hex, the proof of a held post, and invalid inputs with the error each raises.
 * `vectors.test.ts` rebuilds and compares; regenerate with
 * `npx tsx src/core/replicas/test-support/write-vectors.ts` after a deliberate format change.
 */
import { hexToBytes } from '@noble/hashes/utils.js'
import { toHex } from '../../crypto/index.ts'
import { encodeCanonical } from '../../model/canonical.ts'
import { blobIdOf, createPost } from '../../model/index.ts'
import { ALICE, BOB, CAROL, deterministicRandom, MALLORY, NOW } from '../../model/test-support/fixtures.ts'
import type { NodeId } from '../../model/types.ts'
import { encodeFrame } from '../../sync/codec.ts'
import { signHoldingReport } from '../holding-report.ts'
import { answerProbe, copyProof } from '../liveness-proof.ts'
import { signReplicaMap } from '../replica-map.ts'
import { sealReplicaMap } from '../sealed-map.ts'

/** The public post every vector is about, with one 5,000-byte attachment (so the proof takes a window). */
export async function vectorPost() {
  const image = new Uint8Array(5000).map((_, i) => i & 0xff)
  const blob = blobIdOf(image)
  const post = await createPost(
    {
      identity: ALICE,
      content: 'Replica vector: who holds this?',
      attachments: [{ blob, mime: 'image/webp', size: image.length }],
      created_at: NOW,
    },
    { type: 'public' },
  )
  return { post, image }
}

/** The fixed key material of the vectors. */
export const VECTOR_CEK = new Uint8Array(32).fill(0x11)
/** The probe nonce of the vectors. */
export const VECTOR_NONCE = new Uint8Array(32).fill(0x22)

/** The replica vectors. */
export async function buildReplicaVectors() {
  const { post, image } = await vectorPost()
  const holders = [BOB.nodeId, CAROL.nodeId].sort() as NodeId[]
  const report = await signHoldingReport(BOB, {
    v: 1,
    holder: BOB.nodeId,
    author: ALICE.nodeId,
    post_id: post.id,
    held: true,
    at: NOW,
  })
  const publicMap = await signReplicaMap(ALICE, {
    v: 1,
    author: ALICE.nodeId,
    post_id: post.id,
    updated_at: NOW,
    holders,
  })
  const sealed = sealReplicaMap(
    VECTOR_CEK,
    { author: ALICE.nodeId, post_id: post.id, updated_at: NOW },
    holders,
    deterministicRandom('replicas'),
  )
  const sealedMap = await signReplicaMap(ALICE, sealed)
  const otherId = new Uint8Array(32).fill(0x33)
  const probe = { nonce: VECTOR_NONCE, ids: [hexToBytes(post.id), otherId] }
  const answer = await answerProbe(probe, (id) => (id === post.id ? { post, blobs: [image] } : undefined))
  const canonical = (v: unknown) => toHex(encodeCanonical(v))
  const frame = (v: unknown) => toHex(encodeFrame(v as never))
  const forgedReport = { record: { ...report.record, held: false }, signature: report.signature }
  const selfReport = { record: { ...report.record, holder: ALICE.nodeId }, signature: report.signature }
  const manyHolders = Array.from({ length: 17 }, (_, i) => `holder-${i}`)
  return {
    description:
      'Replica maps, holding reports and liveness (docs/protocol/replicas.md). Keys: RFC 8032 seeds (Alice = test 1, Bob = test 2, Carol = test 3); time 2025-01-01T00:00:00Z. Records are canonical CBOR of `{ record, signature }`; frames are sync frames (unsigned LEB128 length ‖ CBOR). The post is public, by Alice, with one 5,000-byte attachment whose byte i is i mod 256.',
    post_id: post.id,
    valid: [
      { name: 'holding report: Bob holds the post', op: 'report', hex: canonical(report) },
      { name: 'public replica map: Bob and Carol', op: 'map', holders, hex: canonical(publicMap) },
      {
        name: 'sealed replica map under CEK 11…11 (nonce from the test RNG)',
        op: 'sealed-map',
        cek: toHex(VECTOR_CEK),
        holders,
        hex: canonical(sealedMap),
      },
      {
        name: 'check frame: probe of the post and an unknown id, with Bob’s report',
        op: 'frame',
        hex: frame({ type: 'check', probe: [VECTOR_NONCE, probe.ids], reports: [report] }),
      },
      {
        name: 'held frame: holds the first id only',
        op: 'held',
        proof: toHex(copyProof(VECTOR_NONCE, { post, blobs: [image] })),
        hex: frame({ type: 'held', nonce: VECTOR_NONCE, bits: answer.bits, tag: answer.tag }),
      },
      {
        name: 'maps frame: the public map and the sealed map',
        op: 'frame',
        hex: frame({ type: 'maps', maps: [publicMap, sealedMap] }),
      },
    ],
    invalid: [
      {
        name: 'report whose held flag was changed after signing',
        op: 'report',
        error: 'InvalidSignatureError',
        hex: canonical(forgedReport),
      },
      {
        name: 'report by the author about itself',
        op: 'report',
        error: 'ValidationError',
        hex: canonical(selfReport),
      },
      {
        name: 'report signed by someone else',
        op: 'report',
        error: 'InvalidSignatureError',
        hex: canonical({
          record: report.record,
          signature: (await signHoldingReport(MALLORY, { ...report.record, holder: MALLORY.nodeId }))
            .signature,
        }),
      },
      {
        name: 'public map with 17 holders',
        op: 'map',
        error: 'TooLargeError',
        hex: canonical({
          record: { ...publicMap.record, holders: manyHolders },
          signature: publicMap.signature,
        }),
      },
      {
        name: 'sealed map opened with another key',
        op: 'sealed-map',
        cek: toHex(new Uint8Array(32).fill(0x12)),
        error: 'DecryptionError',
        hex: canonical(sealedMap),
      },
      {
        name: 'check frame probing 1,025 ids',
        op: 'frame',
        error: 'MalformedError',
        hex: frame({ type: 'check', probe: [VECTOR_NONCE, Array.from({ length: 1025 }, () => otherId)] }),
      },
      {
        name: 'maps frame with 17 maps',
        op: 'frame',
        error: 'MalformedError',
        hex: frame({ type: 'maps', maps: Array.from({ length: 17 }, () => publicMap) }),
      },
      {
        name: 'maps frame with no map',
        op: 'frame',
        error: 'MalformedError',
        hex: frame({ type: 'maps', maps: [] }),
      },
      {
        name: 'held frame with a 17-byte tag',
        op: 'frame',
        error: 'MalformedError',
        hex: frame({ type: 'held', nonce: VECTOR_NONCE, bits: answer.bits, tag: new Uint8Array(17) }),
      },
      {
        name: 'held frame claiming both ids with the one-id tag',
        op: 'held',
        error: 'LivenessProofError',
        hex: frame({ type: 'held', nonce: VECTOR_NONCE, bits: new Uint8Array([0b11]), tag: answer.tag }),
      },
    ],
  }
}
