/**
 * Recipient-list padding (issue 10 "Friends posts show their cost"): an encrypted post lists its
 * recipients padded to the next bucket (8, 16, 32, …, capped at LIMITS.recipients) with random
 * NodeIds — valid Ed25519 keys whose secrets are thrown away — so a holder learns less of the
 * count. A padding entry's nonce is BLAKE3.derive_key("distsoc v2 padding", CEK ‖ NodeId)[..24],
 * so anyone who can open the CEK tells padding from real recipients, and nobody else can.
 */
import {
  AEAD_NONCE_BYTES,
  AEAD_TAG_BYTES,
  bytesEqual,
  concatBytes,
  deriveKey,
  ed25519PublicKey,
  type RandomSource,
  randomBytes,
  throwawayEd25519PublicKey,
  utf8,
} from '../crypto/index.ts'
import { frameCiphertext } from './envelope-format.ts'
import { nodeIdFromOwnPublicKey } from './node-id.ts'
import { LIMITS, type NodeId, type Visibility, type WrappedKey } from './types.ts'

/** BLAKE3 derive_key context of a padding entry's nonce. */
export const PADDING_CONTEXT = 'distsoc v2 padding'
/** The smallest padded recipient list. */
export const MIN_PADDED_RECIPIENTS = 8

/** The padded length of a list of `n` real recipients: max(8, next power of two), at most LIMITS.recipients. */
export function paddedRecipientCount(n: number): number {
  let bucket = MIN_PADDED_RECIPIENTS
  while (bucket < n) bucket *= 2
  return Math.min(bucket, Math.max(n, LIMITS.recipients))
}

function paddingNonce(cek: Uint8Array, recipient: NodeId): Uint8Array {
  return deriveKey(PADDING_CONTEXT, concatBytes(cek, utf8(recipient))).subarray(0, AEAD_NONCE_BYTES)
}

/**
 * `count` padding entries that look like real wraps of a 32-byte key. With the system `random`, the
 * throwaway keys come from WebCrypto; an injected `random` (test vectors) draws each entry's seed,
 * then its 48 sealed-looking bytes, in order.
 */
export async function paddingEntries(
  cek: Uint8Array,
  count: number,
  random: RandomSource,
): Promise<WrappedKey[]> {
  const entries: WrappedKey[] = []
  const fast = random === randomBytes
  const keys = fast ? await Promise.all(Array.from({ length: count }, throwawayEd25519PublicKey)) : []
  while (entries.length < count) {
    const recipient = nodeIdFromOwnPublicKey(fast ? keys[entries.length]! : ed25519PublicKey(random(32)))
    const sealed = random(32 + AEAD_TAG_BYTES)
    entries.push({ recipient, wrapped: frameCiphertext(paddingNonce(cek, recipient), sealed) })
  }
  return entries
}

/** True iff `entry` is padding of the post whose content key is `cek`. */
export function isPaddingEntry(cek: Uint8Array, entry: WrappedKey): boolean {
  const nonce = entry.wrapped.subarray(1, 1 + AEAD_NONCE_BYTES)
  return nonce.length === AEAD_NONCE_BYTES && bytesEqual(nonce, paddingNonce(cek, entry.recipient))
}

/** The real recipients of an encrypted visibility, padding removed; needs the post's content key. */
export function realRecipients(cek: Uint8Array, visibility: Visibility): NodeId[] {
  if (visibility.type !== 'encrypted') return []
  return visibility.recipients.filter((r) => !isPaddingEntry(cek, r)).map((r) => r.recipient)
}
