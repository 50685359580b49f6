/**
 * Group epoch keys (issue 14; docs/protocol/groups.md). Each epoch of a group has its own X25519
 * key pair; its secret reaches every member wrapped for their own identity key by the one key wrap
 * (model/key-wrap.ts), one ephemeral key per record, with
 *   context = "distsoc v2 group key",  AD = "distsoc v2 group key" ‖ group id[32] ‖ u64be(epoch)
 * so a wrapped key moved to another group or epoch no longer opens.
 */
import {
  bytesEqual,
  concatBytes,
  fromHex,
  type RandomSource,
  randomBytes,
  u64be,
  utf8,
  x25519PublicKey,
} from '../crypto/index.ts'
import { DecryptionError, NotAGroupMemberError, ValidationError } from '../errors.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import {
  type Identity,
  identityOpener,
  unwrapKey,
  type WrapBinding,
  wrapKeyFor,
  x25519PublicFromNodeId,
} from '../model/index.ts'

/** BLAKE3 derive_key context and AD label of a wrapped epoch key. */
export const GROUP_KEY_CONTEXT = 'distsoc v2 group key'

/** One member's copy of an epoch secret. */
export interface MemberKey {
  member: NodeId
  wrapped: Uint8Array
}

/** A fresh epoch key pair. */
export interface EpochKeyPair {
  secret: Uint8Array
  pub: Uint8Array
}

/** Makes a new epoch key pair from `random`. */
export function newEpochKey(random: RandomSource = randomBytes): EpochKeyPair {
  const secret = random(32)
  return { secret, pub: x25519PublicKey(secret) }
}

/** The wrap binding of epoch `epoch` of `group`: its context and AD (the spec's formulas). */
export function epochKeyBinding(group: GroupId, epoch: number): WrapBinding {
  return {
    context: GROUP_KEY_CONTEXT,
    aad: concatBytes(utf8(GROUP_KEY_CONTEXT), fromHex(group), u64be(epoch)),
  }
}

/**
 * Wraps `secret` (epoch `epoch` of `group`) for each of `members` under one fresh ephemeral key.
 * Errors: InvalidNodeIdError, LowOrderKeyError, ValidationError.
 */
export async function wrapEpochKey(
  secret: Uint8Array,
  group: GroupId,
  epoch: number,
  members: readonly NodeId[],
  random: RandomSource = randomBytes,
): Promise<{ ephemeral_pub: Uint8Array; keys: MemberKey[] }> {
  if (secret.length !== 32) throw new ValidationError('epoch secret must be 32 bytes')
  const pubs = members.map((m) => x25519PublicFromNodeId(m))
  const sealed = await wrapKeyFor(secret, pubs, epochKeyBinding(group, epoch), random)
  const keys = members.map((member, i) => ({ member, wrapped: sealed.wrapped[i]! }))
  return { ephemeral_pub: sealed.ephemeral_pub, keys }
}

/**
 * Opens this identity's copy of an epoch secret among `keys` and checks it matches `epochPub`.
 * Errors: NotAGroupMemberError (no copy for us), LowOrderKeyError, UnsupportedVersionError,
 * DecryptionError (tampered, another group or epoch, or a secret that is not the epoch's key).
 */
export async function openEpochKey(
  identity: Identity,
  group: GroupId,
  epoch: number,
  epochPub: Uint8Array,
  ephemeralPub: Uint8Array,
  keys: readonly MemberKey[],
): Promise<Uint8Array> {
  const entry = keys.find((k) => k.member === identity.nodeId)
  if (entry === undefined) throw new NotAGroupMemberError('no copy of the epoch key for this identity')
  const opener = await identityOpener(identity)
  const secret = await unwrapKey(opener, ephemeralPub, entry.wrapped, epochKeyBinding(group, epoch))
  if (!bytesEqual(x25519PublicKey(secret), epochPub))
    throw new DecryptionError('the wrapped secret is not this epoch’s key')
  return secret
}
