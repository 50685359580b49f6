/**
 * The `/distsoc/peers/1.0.0` message (seed Phase C "Gossip changes", docs/design.md §6; spec:
 * docs/protocol/peers-locate.md): routing state only. It lists the anchors the sender knows
 * first-hand, with their public addresses, and the sender's N1 share (mesh NodeIds, no addresses)
 * plus its N2 (NodeIds only) so the receiver can fill reachable_n2 / reachable_n3. No user's
 * address is in it (a user is found with one locate query at a time) and follows are never an input.
 */
import { MalformedError, ValidationError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { checkArray, checkMultiaddr, checkNodeId, isRecord } from './wire-checks.ts'

/** Protocol id of the peer-knowledge exchange. */
export const PEERS_PROTOCOL = '/distsoc/peers/1.0.0'
/** Largest encoded peers frame. */
export const PEERS_FRAME_BYTES = 64 * 1024
/** Caps per list (keep frames well under PEERS_FRAME_BYTES). */
export const PEERS_LIMITS = { peers: 64, addrsPerPeer: 4, n1: 101, n2: 256 } as const

/** One peer the sender knows as routing state. */
export interface PeerEntry {
  id: NodeId
  /** True if the sender knows it as an always-on anchor (a claim: the receiver never trusts it as such). */
  anchor: boolean
  /** Public addresses of the anchor. */
  addrs: string[]
}

/** One side's share, sent both ways. */
export interface PeersMessage {
  v: 1
  peers: PeerEntry[]
  /** The sender's mesh (N1) NodeIds, no addresses. */
  n1: NodeId[]
  /** The sender's N2 NodeIds (its mesh peers' N1), no addresses. */
  n2: NodeId[]
}

function checkEntry(value: unknown, field: string): PeerEntry {
  if (!isRecord(value)) throw new ValidationError(`${field}: must be a map`)
  if (typeof value['anchor'] !== 'boolean') throw new ValidationError(`${field}.anchor: must be a boolean`)
  return {
    id: checkNodeId(value['id'], `${field}.id`),
    anchor: value['anchor'],
    addrs: checkArray(value['addrs'], `${field}.addrs`, PEERS_LIMITS.addrsPerPeer, checkMultiaddr),
  }
}

/** Validates a decoded frame; throws MalformedError (wrong shape) or ValidationError (bad field). */
export function parsePeersMessage(value: unknown): PeersMessage {
  if (!isRecord(value)) throw new MalformedError('peers frame: must be a map')
  if (value['v'] !== 1) throw new MalformedError('peers frame: unknown version')
  return {
    v: 1,
    peers: checkArray(value['peers'], 'peers', PEERS_LIMITS.peers, checkEntry),
    n1: checkArray(value['n1'], 'n1', PEERS_LIMITS.n1, checkNodeId),
    n2: checkArray(value['n2'], 'n2', PEERS_LIMITS.n2, checkNodeId),
  }
}

/** What a node knows about its own connections; deliberately has no field for follows. */
export interface RoutingState {
  /** Anchors this node knows first-hand (itself, if an anchor), with their public addresses. */
  anchors: ReadonlyArray<{ id: NodeId; addrs: readonly string[] }>
  /** Current mesh peers (N1). */
  mesh: readonly NodeId[]
  /** Current N2 reach. */
  n2: readonly NodeId[]
}

/** Builds the share from routing state only (anchors, N1, N2; never follows), dropping the requester. */
export function buildPeersMessage(state: RoutingState, exclude?: NodeId): PeersMessage {
  const seen = new Set<string>()
  const peers: PeerEntry[] = []
  const add = (id: NodeId, addrs: readonly string[], anchor: boolean): void => {
    if (id === exclude || seen.has(id) || peers.length >= PEERS_LIMITS.peers) return
    seen.add(id)
    peers.push({ id, anchor, addrs: addrs.slice(0, PEERS_LIMITS.addrsPerPeer) })
  }
  for (const a of state.anchors) add(a.id, a.addrs, true)
  return {
    v: 1,
    peers,
    n1: state.mesh.filter((id) => id !== exclude).slice(0, PEERS_LIMITS.n1),
    n2: state.n2.filter((id) => id !== exclude).slice(0, PEERS_LIMITS.n2),
  }
}
