/**
 * Replica maps (issue 15, seed D-2): the author's signed list of the NodeIds that hold a post and
 * its blobs. A public post's map is cleartext (`holders`); an encrypted post's is sealed under a key
 * only keyholders can derive (`sealed`, see sealed-map.ts). The author signs
 * `"distsoc/replica-map/v1" ‖ canonical(record)`, so the signature covers the ciphertext.
 */
import { concatBytes, sign, utf8, verify } from '../crypto/index.ts'
import { FutureTimestampError, InvalidSignatureError, TooLargeError, ValidationError } from '../errors.ts'
import type { Identity } from '../model/index.ts'
import {
  encodeCanonical,
  expectArray,
  expectBytes,
  expectObject,
  expectPostId,
  expectUint,
  LIMITS,
  type Millis,
  type NodeId,
  type PostId,
  parseNodeId,
  publicKeyFromNodeId,
  type Signed,
  type Verified,
} from '../model/index.ts'
import { REPLICA_LIMITS } from './limits.ts'

/** Signature domain of replica maps. */
export const REPLICA_MAP_DOMAIN = 'distsoc/replica-map/v1'

/** Fields every replica map has. */
interface ReplicaMapBase {
  v: 1
  author: NodeId
  post_id: PostId
  /** A later map of the same post replaces an earlier one. */
  updated_at: Millis
}
/** The map of a public post: holders in the clear, sorted. */
export interface PublicReplicaMap extends ReplicaMapBase {
  holders: NodeId[]
}
/** The map of an encrypted post: holders sealed for keyholders (version ‖ nonce ‖ AEAD). */
export interface SealedReplicaMap extends ReplicaMapBase {
  sealed: Uint8Array
}
/** Either form of a replica map. */
export type ReplicaMap = PublicReplicaMap | SealedReplicaMap

/** Largest sealed field: version byte + nonce + padded plaintext + tag. */
const MAX_SEALED_BYTES = 1 + 24 + REPLICA_LIMITS.sealedPlaintextBytes + 16

/** Checks a holder list: NodeIds, at most `holdersPerMap`, no duplicates, not the author; returns it sorted. */
export function parseHolders(value: unknown, author: NodeId): NodeId[] {
  const list = expectArray(value, 'replica map holders')
  if (list.length > REPLICA_LIMITS.holdersPerMap)
    throw new TooLargeError(`a replica map lists at most ${REPLICA_LIMITS.holdersPerMap} holders`)
  const holders = list.map((h) => parseNodeId(h))
  if (new Set(holders).size !== holders.length) throw new ValidationError('a holder is listed twice')
  if (holders.includes(author)) throw new ValidationError('the author is not a holder of its own map')
  return holders.sort()
}

/** Parses a replica map strictly (exactly one of `holders` / `sealed`). Errors: ValidationError, TooLargeError, InvalidNodeIdError. */
export function parseReplicaMap(value: unknown): ReplicaMap {
  const o = expectObject(
    value,
    'replica map',
    ['v', 'author', 'post_id', 'updated_at'],
    ['holders', 'sealed'],
  )
  if (o.v !== 1) throw new ValidationError('replica map v must be 1')
  const base: ReplicaMapBase = {
    v: 1,
    author: parseNodeId(o.author),
    post_id: expectPostId(o.post_id, 'replica map post_id'),
    updated_at: expectUint(o.updated_at, 'replica map updated_at'),
  }
  if ((o.holders === undefined) === (o.sealed === undefined))
    throw new ValidationError('a replica map has holders or sealed, not both or neither')
  if (o.holders !== undefined) {
    const holders = parseHolders(o.holders, base.author)
    const sorted = o.holders as unknown[]
    if (sorted.some((h, i) => h !== holders[i]))
      throw new ValidationError('replica map holders must be sorted')
    return { ...base, holders }
  }
  const sealed = expectBytes(o.sealed, 'replica map sealed')
  if (sealed.length > MAX_SEALED_BYTES) throw new TooLargeError('sealed replica map too large')
  return { ...base, sealed }
}

function signatureMessage(map: ReplicaMap): Uint8Array {
  return concatBytes(utf8(REPLICA_MAP_DOMAIN), encodeCanonical(map))
}

/** Signs a replica map as its author. Throws ValidationError for a map of another author. */
export async function signReplicaMap(identity: Identity, map: ReplicaMap): Promise<Signed<ReplicaMap>> {
  const record = parseReplicaMap(map)
  if (record.author !== identity.nodeId) throw new ValidationError('only the author signs a replica map')
  return { record, signature: await sign(identity.seed, signatureMessage(record)) }
}

/**
 * Verifies an untrusted signed replica map. Errors as parseReplicaMap plus InvalidSignatureError and
 * FutureTimestampError. A sealed map verifies for anyone; only a keyholder can open it.
 */
export async function verifyReplicaMap(
  candidate: unknown,
  now: Millis,
): Promise<Verified<Signed<ReplicaMap>>> {
  const o = expectObject(candidate, 'signed replica map', ['record', 'signature'])
  const record = parseReplicaMap(o.record)
  const signature = expectBytes(o.signature, 'signature', 64)
  if (!(await verify(publicKeyFromNodeId(record.author), signatureMessage(record), signature)))
    throw new InvalidSignatureError('replica map signature does not verify for its author')
  if (record.updated_at > now + LIMITS.futureSkewMs)
    throw new FutureTimestampError('replica map is in the future')
  return { record, signature } as Verified<Signed<ReplicaMap>>
}
