/**
 * The sealed holder list of an encrypted post's replica map (issue 15: "inside the envelope, only
 * keyholders can read it"). The PostId covers the envelope, so the map cannot live in it; it is
 * sealed instead under `deriveKey("distsoc/replica-map/v1 key", CEK)`: whoever can open the post's
 * content key can read its holders, nobody else can, and a sealed map says nothing by its length
 * (the plaintext is padded to REPLICA_LIMITS.sealedPlaintextBytes).
 */
import {
  concatBytes,
  deriveKey,
  open,
  type RandomSource,
  randomBytes,
  seal,
  u64be,
  utf8,
} from '../crypto/index.ts'
import { DecryptionError, MalformedError, UnsupportedVersionError } from '../errors.ts'
import type { Millis, NodeId, PostId } from '../model/index.ts'
import { decodeCanonical, encodeCanonical } from '../model/index.ts'
import { REPLICA_LIMITS } from './limits.ts'
import { parseHolders, REPLICA_MAP_DOMAIN, type SealedReplicaMap } from './replica-map.ts'

/** Version byte of a sealed holder list. */
export const SEALED_MAP_VERSION = 1
/** Context of the key derived from a post's CEK. */
export const SEALED_MAP_KEY_CONTEXT = 'distsoc/replica-map/v1 key'

/** What the seal is bound to: a sealed list moved to another post, author or time does not open. */
function bindingData(author: NodeId, postId: PostId, updatedAt: Millis): Uint8Array {
  return concatBytes(utf8(REPLICA_MAP_DOMAIN), utf8(author), utf8(postId), u64be(updatedAt))
}

/** The replica-map key of a post's content key. */
export function replicaMapKey(cek: Uint8Array): Uint8Array {
  return deriveKey(SEALED_MAP_KEY_CONTEXT, cek)
}

/**
 * A sealed replica map (unsigned; sign it with signReplicaMap). Throws TooLargeError /
 * ValidationError for a bad holder list.
 */
export function sealReplicaMap(
  cek: Uint8Array,
  base: { author: NodeId; post_id: PostId; updated_at: Millis },
  holders: readonly NodeId[],
  random: RandomSource = randomBytes,
): SealedReplicaMap {
  const list = parseHolders([...holders], base.author)
  const body = encodeCanonical(list)
  const plain = new Uint8Array(REPLICA_LIMITS.sealedPlaintextBytes)
  new DataView(plain.buffer).setUint16(0, body.length)
  plain.set(body, 2)
  const nonce = random(24)
  const aad = bindingData(base.author, base.post_id, base.updated_at)
  const sealed = concatBytes(
    new Uint8Array([SEALED_MAP_VERSION]),
    nonce,
    seal(replicaMapKey(cek), nonce, plain, aad),
  )
  return { v: 1, author: base.author, post_id: base.post_id, updated_at: base.updated_at, sealed }
}

/**
 * The holders of a sealed map, for a keyholder with the post's CEK. Errors: DecryptionError (wrong
 * key: not a keyholder, or moved to another post), UnsupportedVersionError, MalformedError.
 */
export function openReplicaMap(cek: Uint8Array, map: SealedReplicaMap): NodeId[] {
  const { sealed } = map
  if (sealed.length < 1 + 24 + 16) throw new DecryptionError('sealed replica map too short')
  if (sealed[0] !== SEALED_MAP_VERSION)
    throw new UnsupportedVersionError('unknown sealed replica map version')
  const aad = bindingData(map.author, map.post_id, map.updated_at)
  const plain = open(replicaMapKey(cek), sealed.subarray(1, 25), sealed.subarray(25), aad)
  if (plain.length !== REPLICA_LIMITS.sealedPlaintextBytes)
    throw new MalformedError('sealed replica map has a bad size')
  const length = new DataView(plain.buffer, plain.byteOffset).getUint16(0)
  if (length > plain.length - 2) throw new MalformedError('sealed replica map length out of range')
  return parseHolders(decodeCanonical(plain.subarray(2, 2 + length)), map.author)
}
