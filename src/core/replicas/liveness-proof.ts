/**
 * Proofs for "do you still hold X?" (issue 15), answered inside the periodic sync. Holding a post
 * means holding its bytes and its blobs, so a proof mixes the probe's fresh nonce with them: per
 * post, `BLAKE3-keyed(nonce, id ‖ canonical(post) ‖ window of each blob)`, where each window is
 * `proofWindowBytes` at an offset the nonce picks; the tag is the first 16 bytes of
 * `BLAKE3-keyed(nonce, proof₁ ‖ … ‖ proofₖ)` over the held ones in probe order. A peer that kept
 * only ids (or hashes) cannot answer a new nonce; the cost per post is bounded whatever its blobs.
 */
import { blake3Keyed, concatBytes, fromHex, toHex, u64be } from '../crypto/index.ts'
import { LivenessProofError, MalformedError } from '../errors.ts'
import type { PostId, SignedPost } from '../model/index.ts'
import { encodeCanonical } from '../model/index.ts'
import type { Awaitable, HeldAnswer, LivenessProbe } from '../sync/index.ts'
import { PROOF_TAG_BYTES } from '../sync/index.ts'
import { REPLICA_LIMITS } from './limits.ts'

/** A held copy of a post: the signed post and its blobs in attachment order. */
export interface HeldCopy {
  post: SignedPost
  blobs: readonly Uint8Array[]
}

/** Looks up the full copy of a post, or undefined if the post or any of its blobs is missing. */
export type CopyLookup = (id: PostId) => Awaitable<HeldCopy | undefined>

/** The part of `blob` a proof hashes: `proofWindowBytes` at an offset derived from the nonce. */
export function proofWindow(nonce: Uint8Array, id: Uint8Array, index: number, blob: Uint8Array): Uint8Array {
  const size = REPLICA_LIMITS.proofWindowBytes
  if (blob.length <= size) return blob
  const seed = blake3Keyed(nonce, concatBytes(id, u64be(index)), 4)
  const offset = new DataView(seed.buffer, seed.byteOffset).getUint32(0) % (blob.length - size + 1)
  return blob.subarray(offset, offset + size)
}

/** One post's proof (32 bytes) for `nonce`. */
export function copyProof(nonce: Uint8Array, copy: HeldCopy): Uint8Array {
  const id = fromHex(copy.post.id)
  const windows = copy.blobs.map((blob, i) => proofWindow(nonce, id, i, blob))
  return blake3Keyed(nonce, concatBytes(id, encodeCanonical(copy.post.post), ...windows))
}

/** The tag over the proofs of the held posts, in probe order. */
export function heldTag(nonce: Uint8Array, proofs: readonly Uint8Array[]): Uint8Array {
  return blake3Keyed(nonce, concatBytes(...proofs), PROOF_TAG_BYTES)
}

/** Bit i of `bits` (LSB first). */
export function bitAt(bits: Uint8Array, i: number): boolean {
  return (((bits[i >> 3] ?? 0) >> (i & 7)) & 1) === 1
}

/** The holder's answer to a probe: the bits of what `lookup` finds whole, and their tag. */
export async function answerProbe(probe: LivenessProbe, lookup: CopyLookup): Promise<HeldAnswer> {
  const bits = new Uint8Array(Math.ceil(probe.ids.length / 8))
  const proofs: Uint8Array[] = []
  for (const [i, id] of probe.ids.entries()) {
    const copy = await lookup(toHex(id) as PostId)
    if (copy === undefined || copy.post.id !== toHex(id)) continue
    bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7))
    proofs.push(copyProof(probe.nonce, copy))
  }
  return { bits, tag: heldTag(probe.nonce, proofs) }
}

/** What an answer says, once checked: the probed posts still held and those dropped. */
export interface HeldVerdict {
  held: PostId[]
  dropped: PostId[]
}

/**
 * Checks a holder's answer against our own copies. Errors: MalformedError (bits do not fit the
 * probe), LivenessProofError (the tag does not match: it claims what it does not hold, or a copy
 * differs from ours). A probed post we no longer hold ourselves counts as neither.
 */
export async function checkHeldAnswer(
  probe: LivenessProbe,
  answer: HeldAnswer,
  lookup: CopyLookup,
): Promise<HeldVerdict> {
  if (answer.bits.length !== Math.ceil(probe.ids.length / 8))
    throw new MalformedError('held bits do not fit the probe')
  const verdict: HeldVerdict = { held: [], dropped: [] }
  const proofs: Uint8Array[] = []
  for (const [i, raw] of probe.ids.entries()) {
    const id = toHex(raw) as PostId
    const claimed = bitAt(answer.bits, i)
    const copy = await lookup(id)
    if (!claimed) {
      if (copy !== undefined) verdict.dropped.push(id)
      continue
    }
    if (copy === undefined) throw new LivenessProofError('claims a post we cannot check')
    proofs.push(copyProof(probe.nonce, copy))
    verdict.held.push(id)
  }
  const expected = heldTag(probe.nonce, proofs)
  if (toHex(expected) !== toHex(answer.tag))
    throw new LivenessProofError('the held tag does not prove the claimed posts')
  return verdict
}
