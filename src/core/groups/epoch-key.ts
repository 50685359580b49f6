/**
 * Group epoch keys (issue 14; docs/protocol/groups.md). Each epoch of a group has its own X25519
 * key pair; its secret reaches every member wrapped for their own identity key, one ephemeral key
 * per record:
 *   wrapped = 0x02 ‖ nonce[24] ‖ XChaCha20-Poly1305(K, epoch secret[32], AD)        (73 bytes)
 *   K  = BLAKE3.derive_key("distsoc v2 group key", DH(ephemeral, member) ‖ ephemeral_pub ‖ member_pub)
 *   AD = "distsoc v2 group key" ‖ group id[32] ‖ u64be(epoch)
 * so a wrapped key moved to another group or epoch no longer opens.
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
  utf8,
  x25519Agreement,
  x25519PublicKey,
} from '../crypto/index.ts'
import { DecryptionError, NotAGroupMemberError, ValidationError } from '../errors.ts'
import {
  frameCiphertext,
  type Identity,
  unframeCiphertext,
  WRAPPED_KEY_BYTES,
  x25519PublicFromNodeId,
  x25519SecretOf,
} from '../model/index.ts'
import type { GroupId, NodeId } from '../model/types.ts'

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

function keyAd(group: GroupId, epoch: number): Uint8Array {
  return concatBytes(utf8(GROUP_KEY_CONTEXT), fromHex(group), u64be(epoch))
}

function wrapKey(dh: Uint8Array, ephPub: Uint8Array, memberPub: Uint8Array): Uint8Array {
  return deriveKey(GROUP_KEY_CONTEXT, concatBytes(dh, ephPub, memberPub))
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
  const ad = keyAd(group, epoch)
  const ephSecret = random(32)
  const ephPub = x25519PublicKey(ephSecret)
  const agree = await x25519Agreement(ephSecret)
  const pubs = members.map((m) => x25519PublicFromNodeId(m))
  const shared = await Promise.all(pubs.map((p) => agree(p)))
  const keys = members.map((member, i) => {
    const nonce = random(24)
    const k = wrapKey(shared[i]!, ephPub, pubs[i]!)
    return { member, wrapped: frameCiphertext(nonce, seal(k, nonce, secret, ad)) }
  })
  return { ephemeral_pub: ephPub, keys }
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
  if (entry.wrapped.length !== WRAPPED_KEY_BYTES)
    throw new DecryptionError('wrapped epoch key has the wrong size')
  const { nonce, sealed } = unframeCiphertext(entry.wrapped)
  const dh = await (await x25519Agreement(x25519SecretOf(identity)))(ephemeralPub)
  const k = wrapKey(dh, ephemeralPub, x25519PublicFromNodeId(identity.nodeId))
  const secret = open(k, nonce, sealed, keyAd(group, epoch))
  const derived = x25519PublicKey(secret)
  if (derived.length !== epochPub.length || !derived.every((b, i) => b === epochPub[i]))
    throw new DecryptionError('the wrapped secret is not this epoch’s key')
  return secret
}
