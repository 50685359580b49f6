/**
 * Hosting for others on the network (issue 15, docs/protocol/hosting.md): serves
 * `/distsoc/host/1.0.0` with the node's 3× gate over its store (writes go through the node's sync
 * adapter, so a hosted post is stored like a synced one), and keeps the connected peers that speak
 * it as the candidates the restoration cascade may ask (`hosting.peers`).
 */
import {
  HOST_PROTOCOL,
  type HostingNetwork,
  hostingPeers,
  registerHostProtocol,
} from '../../hosting/index.ts'
import type { NodeId } from '../../model/index.ts'
import { shortId } from '../../model/index.ts'
import type { SyncDeps } from '../../sync/index.ts'
import { trustedAnchorIds } from '../anchor-trust.ts'
import { nodeHostingGate } from '../hosting.ts'
import { requireIdentity } from '../node-context.ts'
import { listen, type NetworkUnit, type UnitContext } from './unit.ts'

/** The hosting side of a node. */
export interface Hosting extends NetworkUnit {
  /** Connected peers that may host for this node, asking one, and pushing a post (the cascade's steps). */
  readonly peers: HostingNetwork
}

/** Serves the host protocol and tracks hosting candidates. */
export async function startHosting({ ctx, libp2p }: UnitContext, syncDeps: SyncDeps): Promise<Hosting> {
  const me = requireIdentity(ctx).nodeId
  const capable = new Set<NodeId>()
  await registerHostProtocol(libp2p, {
    gate: nodeHostingGate(ctx),
    store: { ...syncDeps.store, hasPost: (id) => ctx.store.hasPost(id) },
    verifier: syncDeps.verifier,
    now: () => ctx.clock.now(),
    logger: ctx.logger,
    onHosted(post, from) {
      ctx.logger.info('hosting:stored', { peer: shortId(from), author: shortId(post.post.author) })
      ctx.emit({ type: 'hosting.changed' })
    },
  })
  const offIdentify = listen(libp2p, 'peer:identify', (evt) => {
    if (evt.detail.protocols.includes(HOST_PROTOCOL)) capable.add(evt.detail.peerId.toString() as NodeId)
  })
  const offClose = listen(libp2p, 'connection:close', (evt) => {
    if (libp2p.getConnections(evt.detail.remotePeer).length === 0)
      capable.delete(evt.detail.remotePeer.toString() as NodeId)
  })
  const peers = hostingPeers({
    libp2p,
    store: ctx.store,
    // Not the anchors: they keep the author's posts by the mailbox rules already, and a copy there
    // is the baseline the issue warns about ("only on their own device and one anchor"), not a device.
    candidates: () => {
      const anchors = trustedAnchorIds(ctx)
      return [...capable].filter((id) => id !== me && !anchors.has(id))
    },
  })
  return {
    peers,
    async stop() {
      peers.close()
      offIdentify()
      offClose()
      await libp2p.unhandle(HOST_PROTOCOL).catch(() => {})
    },
  }
}
