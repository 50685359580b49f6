/**
 * `/distsoc/peers/1.0.0` (docs/design.md §6): both sides swap a PeersMessage — anchors, connected peers and
 * N1/N2 NodeIds, never follows. The requester sends its share first; the server answers with its own.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { NodeId } from '../model/index.ts'
import {
  buildPeersMessage,
  PEERS_FRAME_BYTES,
  PEERS_PROTOCOL,
  type PeersMessage,
  parsePeersMessage,
  type RoutingState,
} from './peers-message.ts'
import { requestOnce, type ServeOptions, serveRequests } from './request-response.ts'

/** What the peers protocol needs from the node: its routing state and a sink for what it learns. */
export interface PeersProtocolDeps extends ServeOptions {
  /** Current routing state (anchors, connected peers, mesh, N2); never follows. */
  routingState(): RoutingState | Promise<RoutingState>
  /** Receives a validated share from `from` (store anchors, reachable_n2 from n1, n3 from n2). */
  onPeersMessage(from: NodeId, message: PeersMessage): void | Promise<void>
}

/** Serves the peers protocol on `libp2p`. */
export async function registerPeersProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: PeersProtocolDeps,
): Promise<void> {
  await serveRequests(
    libp2p,
    PEERS_PROTOCOL,
    PEERS_FRAME_BYTES,
    parsePeersMessage,
    async (request, from) => {
      await deps.onPeersMessage(from, request)
      return buildPeersMessage(await deps.routingState(), from)
    },
    deps,
  )
}

/** Swaps shares with `peer`; feeds its answer to `deps.onPeersMessage` and returns it. */
export async function exchangePeers(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId,
  deps: Pick<PeersProtocolDeps, 'routingState' | 'onPeersMessage'>,
): Promise<PeersMessage> {
  const mine = buildPeersMessage(await deps.routingState(), peer.toString() as NodeId)
  const theirs = await requestOnce(libp2p, peer, PEERS_PROTOCOL, mine, PEERS_FRAME_BYTES, parsePeersMessage)
  await deps.onPeersMessage(peer.toString() as NodeId, theirs)
  return theirs
}
