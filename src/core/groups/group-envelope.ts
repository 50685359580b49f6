/**
 * Group posts (issue 14; docs/protocol/groups.md): the content and attachments are encrypted as any
 * envelope v2 (model/envelope.ts, bound to the post's author and created_at); the CEK is wrapped
 * once, for the group's epoch key:
 *   wrapped = 0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, CEK, AD)                      (73 bytes)
 *   K  = BLAKE3.derive_key("distsoc v2 group wrap", DH(ephemeral, epoch) ‖ ephemeral_pub ‖ epoch_pub)
 *   AD = "distsoc v2 envelope" ‖ author key[32] ‖ u64be(created_at) ‖ group id[32] ‖ u64be(epoch)
 * so the overhead is one wrap whatever the group's size.
 */
import {
  concatBytes,
  deriveKey,
  fromHex,
  open,
  type RandomSource,
  randomBytes,
  seal,
  u64be,
  x25519Agreement,
  x25519PublicKey,
} from '../crypto/index.ts'
import { DecryptionError, NotAGroupMemberError, ValidationError } from '../errors.ts'
import {
  bindingData,
  type EnvelopeBinding,
  encryptForRecipients,
  frameCiphertext,
  unframeCiphertext,
  WRAPPED_KEY_BYTES,
} from '../model/index.ts'
import type { GroupId, Visibility } from '../model/types.ts'

/** BLAKE3 derive_key context of a group post's key wrap. */
export const GROUP_WRAP_CONTEXT = 'distsoc v2 group wrap'

/** A group visibility. */
export type GroupVisibility = Extract<Visibility, { type: 'group' }>

/** Which epoch key of which group a post is for. */
export interface GroupEpoch {
  group: GroupId
  epoch: number
  /** The epoch's X25519 public key. */
  pub: Uint8Array
}

function wrapAd(binding: EnvelopeBinding, group: GroupId, epoch: number): Uint8Array {
  return concatBytes(bindingData(binding), fromHex(group), u64be(epoch))
}

function wrapKey(dh: Uint8Array, ephPub: Uint8Array, epochPub: Uint8Array): Uint8Array {
  return deriveKey(GROUP_WRAP_CONTEXT, concatBytes(dh, ephPub, epochPub))
}

/** Wraps a CEK for a group epoch (a new post, or the cheap access-list rewrap after a removal). */
export async function wrapForGroup(
  cek: Uint8Array,
  target: GroupEpoch,
  binding: EnvelopeBinding,
  random: RandomSource = randomBytes,
): Promise<GroupVisibility> {
  if (cek.length !== 32) throw new ValidationError('content key must be 32 bytes')
  const ephSecret = random(32)
  const ephPub = x25519PublicKey(ephSecret)
  const dh = await (await x25519Agreement(ephSecret))(target.pub)
  const nonce = random(24)
  const k = wrapKey(dh, ephPub, target.pub)
  const sealed = seal(k, nonce, cek, wrapAd(binding, target.group, target.epoch))
  return {
    type: 'group',
    v: 1,
    group: target.group,
    epoch: target.epoch,
    ephemeral_pub: ephPub,
    wrapped: frameCiphertext(nonce, sealed),
  }
}

/**
 * Encrypts a post for a group epoch: content and attachments as envelope v2, the CEK wrapped once.
 * Errors: as encryptForRecipients (TooLargeError, ValidationError), LowOrderKeyError.
 */
export async function encryptForGroup(
  input: { plaintext: string; attachments: Uint8Array[] } & EnvelopeBinding,
  target: GroupEpoch,
  random: RandomSource = randomBytes,
): Promise<{ content: string; attachments: Uint8Array[]; visibility: GroupVisibility; cek: Uint8Array }> {
  // The per-recipient path does the content encryption and its checks; its one-entry header is dropped.
  const sealed = await encryptForRecipients({ ...input, recipients: [input.author] }, { random })
  const visibility = await wrapForGroup(sealed.cek, target, input, random)
  return { content: sealed.content, attachments: sealed.attachments, visibility, cek: sealed.cek }
}

/**
 * Opens a group post's CEK with the epoch secret. Errors: NotAGroupMemberError (not a group post),
 * LowOrderKeyError, UnsupportedVersionError, DecryptionError (tampered, wrong epoch or group,
 * re-signed under another author).
 */
export async function openGroupContentKey(
  epochSecret: Uint8Array,
  binding: EnvelopeBinding,
  visibility: Visibility,
): Promise<Uint8Array> {
  if (visibility.type !== 'group') throw new NotAGroupMemberError('not a group post')
  if (visibility.wrapped.length !== WRAPPED_KEY_BYTES)
    throw new DecryptionError('wrapped key has the wrong size')
  const { nonce, sealed } = unframeCiphertext(visibility.wrapped)
  const dh = await (await x25519Agreement(epochSecret))(visibility.ephemeral_pub)
  const k = wrapKey(dh, visibility.ephemeral_pub, x25519PublicKey(epochSecret))
  return open(k, nonce, sealed, wrapAd(binding, visibility.group, visibility.epoch))
}
