/**
 * Gossip to a peer that came back on a new connection while its old one lingered (docs/design.md §5):
 * a browser tab reloads, its node dials again, and here the dead WebRTC connection closes only
 * later. @libp2p/gossipsub 17 keeps one outbound stream per peer and opens none on a new
 * connection while the old stream exists, so announcements go into the dead connection; when it
 * closes, the peer is left subscribed with no stream at all until it disconnects altogether. So
 * the outbound stream follows the peer's newest identified direct connection, and a peer still
 * connected after a close gets one on a remaining connection (gossipsub's own "connected" path).
 */
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { DistsocLibp2p } from './create-libp2p.ts'
import { after } from './timers.ts'

/** What this reaches into: gossipsub's outbound streams and its connect handler (private in 17.x). */
interface GossipInternals {
  streamsOutbound: Map<string, { rawStream?: Stream; close(): Promise<void> }>
  onPeerConnected?: (peer: PeerId, connection: Connection) => void
}

/** gossipsub runs on direct (unlimited) connections only. */
const direct = (c: Connection): boolean => c.status === 'open' && c.limits === undefined

/** Keeps one live outbound gossip stream per connected peer, on its newest direct connection. */
export function keepGossipAcrossReconnects(libp2p: DistsocLibp2p): void {
  const gossip = libp2p.services.pubsub as unknown as GossipInternals
  const openOn = (peer: PeerId, connection: Connection): void => gossip.onPeerConnected?.(peer, connection)
  // after gossipsub's own handlers of the same event have run
  libp2p.addEventListener('peer:identify', ({ detail: { peerId, connection } }) => {
    if (!direct(connection)) return
    after(0, () => {
      const id = peerId.toString()
      const out = gossip.streamsOutbound.get(id)
      if (out?.rawStream === undefined || connection.status !== 'open') return
      if (connection.streams.includes(out.rawStream)) return
      gossip.streamsOutbound.delete(id)
      out.close().catch(() => {})
      openOn(peerId, connection)
    })
  })
  libp2p.addEventListener('connection:close', ({ detail: { remotePeer } }) => {
    // the closed connection's streams end with it; look once they have
    after(0, () => {
      if (gossip.streamsOutbound.has(remotePeer.toString())) return
      const open = libp2p.getConnections(remotePeer).filter(direct).at(-1)
      if (open !== undefined) openOn(remotePeer, open)
    })
  })
}
