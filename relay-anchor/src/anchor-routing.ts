/**
 * The anchor's routing knowledge: the recent-connection cache fed by libp2p events, the answers
 * of `/distsoc/locate/1.0.0` (one NodeId per query, rate-limited per requester by the locate
 * server), and the routing state it hands out over `/distsoc/peers/1.0.0`: itself and the other
 * anchors for bootstrap, and its N1 (connected NodeIds) without addresses — not a crawlable list
 * of users' addresses (docs/design.md §6; spec: docs/protocol/peers-locate.md).
 */
import type { IdentifyResult, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { NodeId } from '../../src/core/model/index.ts'
import type { DistsocLibp2p, RecentConnections, RoutingState } from '../../src/core/net/index.ts'

const CIRCUIT = '/p2p-circuit'

/** A circuit address through this anchor for `peer`, for each of the anchor's own addresses. */
export function circuitAddrsVia(libp2p: DistsocLibp2p, peer: string): string[] {
  return libp2p.getMultiaddrs().map((ma) => `${ma.toString()}${CIRCUIT}/p2p/${peer}`)
}

/** Circuit addresses a peer advertised in identify, completed with its /p2p/ suffix. */
export function advertisedCircuitAddrs(result: Pick<IdentifyResult, 'listenAddrs' | 'peerId'>): string[] {
  const peer = result.peerId.toString()
  return result.listenAddrs
    .map((ma) => ma.toString())
    .filter((s) => s.includes(CIRCUIT))
    .map((s) => (s.endsWith(`/p2p/${peer}`) ? s : `${s}/p2p/${peer}`))
}

/** Whether `peer` holds a relay reservation on this anchor now. */
export function hasReservation(libp2p: DistsocLibp2p, peer: PeerId): boolean {
  return libp2p.services.relay?.reservations.has(peer) ?? false
}

/** Where `id` can be reached, if it checked in recently: circuits via us first, then advertised ones. */
export function locateRecent(
  libp2p: DistsocLibp2p,
  recent: RecentConnections,
  id: NodeId,
): { addrs: string[]; lastSeen: number } | undefined {
  const entry = recent.lookup(id)
  if (entry === undefined) return undefined
  const ours =
    entry.connected && hasReservation(libp2p, peerIdFromString(id)) ? circuitAddrsVia(libp2p, id) : []
  const addrs = [...ours, ...entry.addrs].filter((a, i, all) => all.indexOf(a) === i)
  return addrs.length === 0 ? undefined : { addrs, lastSeen: entry.lastSeen }
}

/** Parses `/…/p2p/<id>` anchor addresses into routing entries; addresses without an id are skipped. */
export function anchorEntries(addrs: readonly string[]): Array<{ id: NodeId; addrs: string[] }> {
  const out: Array<{ id: NodeId; addrs: string[] }> = []
  for (const addr of addrs) {
    const id = multiaddr(addr)
      .getComponents()
      .findLast((c) => c.name === 'p2p')?.value
    if (id !== undefined) out.push({ id: id as NodeId, addrs: [addr] })
  }
  return out
}

/** The routing state an anchor shares: known anchors (itself included) and its N1 ids, no user addresses. */
export function anchorRoutingState(
  libp2p: DistsocLibp2p,
  recent: RecentConnections,
  knownAnchors: readonly string[],
): RoutingState {
  const self = {
    id: libp2p.peerId.toString() as NodeId,
    addrs: libp2p.getMultiaddrs().map((m) => m.toString()),
  }
  return {
    anchors: [self, ...anchorEntries(knownAnchors)],
    mesh: recent
      .recent(101)
      .filter((e) => e.connected)
      .map((e) => e.id),
    n2: [],
  }
}
