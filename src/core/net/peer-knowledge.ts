/**
 * What a node does with a received PeersMessage (seed "Network knowledge layers", DESIGN §6):
 * anchors (and peers with circuit addresses) go to the peers table, introduced by the sender;
 * the sender's N1 becomes our N2 via it, its N2 our N3. NodeIds only in the reach tables.
 */
import type { Millis, NodeId } from '../model/types.ts'
import type { PeersMessage } from './peers-message.ts'

/** The slice of the Store this needs (`PeerStore.upsertPeer` / `replaceReachable`). */
export interface PeerKnowledgeSink {
  upsertPeer(peer: {
    node_id: NodeId
    addresses: string[]
    last_seen: Millis
    is_anchor: boolean
    introduced_by: NodeId | null
    found_via: null
  }): void
  replaceReachable(level: 2 | 3, via: NodeId, nodeIds: readonly NodeId[]): void
}

/** Records `message` from `from` into `sink`, skipping ourselves; `now` stamps last_seen. */
export function applyPeersMessage(
  from: NodeId,
  message: PeersMessage,
  sink: PeerKnowledgeSink,
  self: NodeId,
  now: Millis,
): void {
  for (const peer of message.peers) {
    if (peer.id === self || peer.addrs.length === 0) continue
    sink.upsertPeer({
      node_id: peer.id,
      addresses: peer.addrs,
      last_seen: now,
      is_anchor: peer.anchor,
      introduced_by: peer.id === from ? null : from,
      found_via: null,
    })
  }
  const notSelf = (ids: readonly NodeId[]) => [...new Set(ids)].filter((id) => id !== self && id !== from)
  sink.replaceReachable(2, from, notSelf(message.n1))
  sink.replaceReachable(3, from, notSelf(message.n2))
}
