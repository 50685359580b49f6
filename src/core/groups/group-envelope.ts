/**
 * Group posts (issue 14; docs/protocol/groups.md): the content and attachments are encrypted as any
 * envelope v2 (model/envelope.ts, bound to the post's author and created_at); the CEK is wrapped
 * once, for the group's epoch key, by the one key wrap (model/key-wrap.ts) with
 *   context = "distsoc v2 group wrap",
 *   AD = "distsoc v2 envelope" ‖ author key[32] ‖ u64be(created_at) ‖ group id[32] ‖ u64be(epoch)
 * so the overhead is one wrap whatever the group's size.
 */
import { concatBytes, fromHex, type RandomSource, randomBytes, u64be } from '../crypto/index.ts'
import { NotAGroupMemberError } from '../errors.ts'
import type { GroupId, Visibility } from '../model/index.ts'
import {
  bindingData,
  type EnvelopeBinding,
  encryptForRecipients,
  secretOpener,
  unwrapKey,
  type WrapBinding,
  wrapKeyFor,
} from '../model/index.ts'

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

/** The wrap binding of a group post's CEK: its context and AD (the spec's formulas). */
export function groupWrapBinding(binding: EnvelopeBinding, group: GroupId, epoch: number): WrapBinding {
  return { context: GROUP_WRAP_CONTEXT, aad: concatBytes(bindingData(binding), fromHex(group), u64be(epoch)) }
}

/** Wraps a CEK for a group epoch (a new post, or the cheap access-list rewrap after a removal). */
export async function wrapForGroup(
  cek: Uint8Array,
  target: GroupEpoch,
  binding: EnvelopeBinding,
  random: RandomSource = randomBytes,
): Promise<GroupVisibility> {
  const binds = groupWrapBinding(binding, target.group, target.epoch)
  const sealed = await wrapKeyFor(cek, [target.pub], binds, random)
  return {
    type: 'group',
    v: 1,
    group: target.group,
    epoch: target.epoch,
    ephemeral_pub: sealed.ephemeral_pub,
    wrapped: sealed.wrapped[0]!,
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
  const binds = groupWrapBinding(binding, visibility.group, visibility.epoch)
  return unwrapKey(await secretOpener(epochSecret), visibility.ephemeral_pub, visibility.wrapped, binds)
}
