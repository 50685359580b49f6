/** Group ids (issue 14; docs/protocol/groups.md): BLAKE3 over the creator, the creation time and a nonce. */
import { blake3, concatBytes, toHex, u64be, utf8 } from '../crypto/index.ts'
import { ValidationError } from '../errors.ts'
import type { GroupId, Millis, NodeId } from '../model/index.ts'
import { isHashHex, publicKeyFromNodeId } from '../model/index.ts'

/** Domain of the id hash. */
export const GROUP_ID_DOMAIN = 'distsoc/group/id/v1'
/** Bytes of the creation nonce. */
export const GROUP_NONCE_BYTES = 16

/** GroupId = hex BLAKE3("distsoc/group/id/v1" ‖ creator Ed25519 key ‖ u64be(created_at) ‖ nonce[16]). */
export function groupIdOf(creator: NodeId, createdAt: Millis, nonce: Uint8Array): GroupId {
  if (nonce.length !== GROUP_NONCE_BYTES) throw new ValidationError('group nonce must be 16 bytes')
  return toHex(
    blake3(concatBytes(utf8(GROUP_ID_DOMAIN), publicKeyFromNodeId(creator), u64be(createdAt), nonce)),
  ) as GroupId
}

/** Parses a GroupId (64 lowercase hex). Throws ValidationError naming `what`. */
export function parseGroupId(v: unknown, what = 'group'): GroupId {
  if (!isHashHex(v)) throw new ValidationError(`${what} must be a 64-char hex group id`)
  return v as GroupId
}
