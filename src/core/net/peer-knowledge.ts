/**
 * What a node does with a received PeersMessage (seed "Network knowledge layers", docs/design.md §6):
 * every entry is a hint by the sender (`PeerHints`), never a write to the first-hand peers table;
 * the sender's N1 becomes our N2 via it, its N2 our N3 (NodeIds only, bounded by the store).
 */
import type { Millis, NodeId } from '../model/index.ts'
import type { PeerHints } from './peer-hints.ts'
import type { PeersMessage } from './peers-message.ts'

/** Where a share goes: the hint table and the reach tables (`PeerStore.replaceReachable`). */
export interface PeerKnowledgeSink {
  hints: Pick<PeerHints, 'replace'>
  replaceReachable(level: 2 | 3, via: NodeId, nodeIds: readonly NodeId[]): void
}

/** Records `message` from `from` into `sink`, skipping ourselves; `now` stamps the hints. */
export function applyPeersMessage(
  from: NodeId,
  message: PeersMessage,
  sink: PeerKnowledgeSink,
  self: NodeId,
  now: Millis,
): void {
  const hints = message.peers
    .filter((p) => p.id !== self && p.addrs.length > 0)
    .map((p) => ({ id: p.id, claimedAnchor: p.anchor, addrs: p.addrs }))
  sink.hints.replace(from, hints, now)
  const notSelf = (ids: readonly NodeId[]) => [...new Set(ids)].filter((id) => id !== self && id !== from)
  sink.replaceReachable(2, from, notSelf(message.n1))
  sink.replaceReachable(3, from, notSelf(message.n2))
}
