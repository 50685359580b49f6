/**
 * NodeIds are libp2p PeerId strings of Ed25519 keys (`12D3KooW…`, docs/design.md §3): the identity key is
 * the libp2p peer key. Parsing is strict (only the canonical base58btc form of an Ed25519 PeerId
 * whose key is a valid curve point) and cached, because every verified post parses its author.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { ed25519 } from '@noble/curves/ed25519.js'
import { edwardsToMontgomeryPublic } from '../crypto/index.ts'
import { InvalidNodeIdError } from '../errors.ts'
import type { NodeId } from './types.ts'

/** Longest string we try to parse as a NodeId (an Ed25519 PeerId is 52 characters). */
const MAX_NODE_ID_CHARS = 64
const CACHE_MAX = 4096

interface ParsedNodeId {
  ed: Uint8Array
  x?: Uint8Array
}

const cache = new Map<string, ParsedNodeId>()

function remember(id: string, parsed: ParsedNodeId): ParsedNodeId {
  cache.set(id, parsed)
  if (cache.size > CACHE_MAX) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  return parsed
}

/** A NodeId key must be a canonical Ed25519 point of large order (small-order keys make DH and signatures meaningless). */
function checkPoint(ed: Uint8Array): void {
  if (ed.length !== 32) throw new InvalidNodeIdError('Ed25519 public key must be 32 bytes')
  let small: boolean
  try {
    small = ed25519.Point.fromBytes(ed, false).isSmallOrder()
  } catch {
    throw new InvalidNodeIdError('NodeId key is not a valid Ed25519 point')
  }
  if (small) throw new InvalidNodeIdError('NodeId key is a small-order point')
}

function parse(s: unknown): ParsedNodeId {
  if (typeof s !== 'string') throw new InvalidNodeIdError('NodeId must be a string')
  const hit = cache.get(s)
  if (hit !== undefined) return hit
  if (s.length === 0 || s.length > MAX_NODE_ID_CHARS)
    throw new InvalidNodeIdError('NodeId has the wrong length')
  let ed: Uint8Array
  try {
    const peer = peerIdFromString(s)
    if (peer.type !== 'Ed25519') throw new InvalidNodeIdError('NodeId is not an Ed25519 PeerId')
    if (peer.toString() !== s) throw new InvalidNodeIdError('NodeId is not in canonical base58btc form')
    ed = peer.publicKey.raw
  } catch (err) {
    if (err instanceof InvalidNodeIdError) throw err
    throw new InvalidNodeIdError('NodeId is not a libp2p PeerId')
  }
  checkPoint(ed)
  return remember(s, { ed })
}

/** Checks that an untrusted value is a NodeId. Throws InvalidNodeIdError otherwise. */
export function parseNodeId(s: unknown): NodeId {
  parse(s)
  return s as NodeId
}

/** True iff `s` is a valid NodeId string. */
export function isNodeId(s: unknown): s is NodeId {
  try {
    parse(s)
    return true
  } catch {
    return false
  }
}

/** The 32-byte Ed25519 public key inside a NodeId. Throws InvalidNodeIdError for anything else. */
export function publicKeyFromNodeId(id: NodeId | string): Uint8Array {
  return parse(id).ed.slice()
}

/** The NodeId (PeerId string) of a 32-byte Ed25519 public key. Throws InvalidNodeIdError on a bad key. */
export function nodeIdFromPublicKey(pub: Uint8Array): NodeId {
  if (!(pub instanceof Uint8Array)) throw new InvalidNodeIdError('public key must be bytes')
  checkPoint(pub)
  return nodeIdFromOwnPublicKey(pub)
}

/**
 * The NodeId of a public key this node just derived from a secret (padding keys): skips the curve
 * check of nodeIdFromPublicKey, which costs a point decompression. Never pass untrusted bytes.
 */
export function nodeIdFromOwnPublicKey(pub: Uint8Array): NodeId {
  const id = peerIdFromPublicKey(publicKeyFromRaw(pub)).toString()
  remember(id, { ed: pub.slice() })
  return id as NodeId
}

/** The X25519 public key of a NodeId's owner (Edwards → Montgomery, docs/design.md §3); no key distribution needed. */
export function x25519PublicFromNodeId(id: NodeId | string): Uint8Array {
  const parsed = parse(id)
  if (parsed.x === undefined) {
    try {
      parsed.x = edwardsToMontgomeryPublic(parsed.ed)
    } catch {
      throw new InvalidNodeIdError('NodeId key has no X25519 form')
    }
  }
  return parsed.x.slice()
}

/** Ed25519 public key of a NodeId without copying; for hot verification paths that do not mutate it. */
export function publicKeyFromNodeIdUnsafe(id: NodeId): Uint8Array {
  return parse(id).ed
}
