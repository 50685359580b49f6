/** The discovery cascade's view of the store (docs/design.md §6): stored addresses, profile anchors, reach tables. */
import type { NodeId } from '../model/index.ts'
import type { PeerBook } from '../net/index.ts'
import { activeAnchors, defaultAnchorEnabled } from './anchors.ts'
import type { NodeContext } from './node-context.ts'

/** A PeerBook over the node's store. */
export function storePeerBook(ctx: NodeContext): PeerBook {
  const { store } = ctx
  return {
    // A stored circuit address is tried as direct WebRTC through that relay first.
    storedAddresses: (id) => (store.getPeer(id)?.addresses ?? []).flatMap((addr) => webRtcFirst(addr, id)),
    // Before their profile arrives, the anchors their connect string named.
    profileAnchors: (id) => store.getProfile(id)?.record.anchors ?? store.getSocialRoute(id)?.addresses ?? [],
    mutualContacts: (id) => store.listReachable(2, id).map((r) => r.via_peer),
    ownAnchors: () => activeAnchors(ctx).filter((a) => a !== ctx.bootstrap.defaultAnchor),
    defaultAnchor: () => (defaultAnchorEnabled(ctx) ? ctx.bootstrap.defaultAnchor : undefined),
    recordFound(id: NodeId, addr, foundVia) {
      const known = store.getPeer(id)
      store.upsertPeer({
        node_id: id,
        addresses: [addr, ...(known?.addresses ?? []).filter((a) => a !== addr)].slice(0, 8),
        last_seen: ctx.clock.now(),
        is_anchor: known?.is_anchor ?? false,
        introduced_by: known?.introduced_by ?? null,
        found_via: foundVia,
      })
    },
  }
}

/**
 * The addresses to try for a peer an anchor knows by its circuit address: direct WebRTC through
 * that relay first, the relayed circuit itself after (docs/design.md §10: the relay does not upgrade alone).
 */
export function webRtcFirst(addr: string, id: NodeId): string[] {
  const suffix = `/p2p/${id}`
  const base = addr.endsWith(suffix) ? addr.slice(0, -suffix.length) : addr
  if (!base.endsWith('/p2p-circuit')) return [addr]
  return [`${base}/webrtc${suffix}`, `${base}${suffix}`]
}
