/**
 * NodeId ⇄ 32-byte Ed25519 public key. Sync frames carry authors as raw keys (34 bytes in CBOR
 * instead of 54 for the base58 string) so a hello for 100 authors fits the 6 KB budget (docs/design.md §5).
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { InvalidNodeIdError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'

/** The raw Ed25519 public key inside a NodeId; throws InvalidNodeIdError for anything else. */
export function nodeIdToKey(nodeId: NodeId | string): Uint8Array {
  let peerId: ReturnType<typeof peerIdFromString>
  try {
    peerId = peerIdFromString(nodeId)
  } catch {
    throw new InvalidNodeIdError('not a PeerId string')
  }
  if (peerId.type !== 'Ed25519') throw new InvalidNodeIdError(`not an Ed25519 PeerId (${peerId.type})`)
  return peerId.publicKey.raw
}

/** The NodeId of a raw 32-byte Ed25519 public key; throws InvalidNodeIdError on a wrong length. */
export function nodeIdFromKey(key: Uint8Array): NodeId {
  if (key.length !== 32) throw new InvalidNodeIdError(`an Ed25519 key has 32 bytes, got ${key.length}`)
  try {
    return peerIdFromPublicKey(publicKeyFromRaw(key)).toString() as NodeId
  } catch {
    throw new InvalidNodeIdError('not an Ed25519 public key')
  }
}
