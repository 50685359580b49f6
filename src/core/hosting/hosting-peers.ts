/**
 * The restoration cascade's "random peer that has spare quota and accepts" (issue 15), as the
 * `HostingPeers` seam of `src/core/replicas` wants it: the candidates are the connected peers that
 * speak `/distsoc/host/1.0.0`; asking one runs the host protocol with the post and its blobs from
 * the store and turns a refusal into its error's name (never throws for a refusal).
 */
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName } from '../errors.ts'
import type { NodeId } from '../model/types.ts'
import type { HostingAnswer, HostingPeers } from '../replicas/index.ts'
import type { Store } from '../storage/index.ts'
import { askToHost } from './host-client.ts'

/** What hosting peers need. */
export interface HostingPeersDeps {
  libp2p: Pick<Libp2p, 'dialProtocol'>
  store: Store
  /** Connected peers that announced the host protocol (tracked by the node's network unit). */
  candidates(): readonly NodeId[]
}

/** HostingPeers over libp2p and the store. */
export function hostingPeers({ libp2p, store, candidates }: HostingPeersDeps): HostingPeers {
  return {
    candidates,
    async acceptsHosting(peer, offer): Promise<HostingAnswer> {
      const held = store.getPost(offer.post)
      if (held === undefined) return { accepted: false, reason: 'NotFoundError' }
      try {
        await askToHost(libp2p, peerIdFromString(peer), held.signed, (id) => store.getBlob(id)?.bytes)
        return { accepted: true }
      } catch (err) {
        return { accepted: false, reason: errorName(err) }
      }
    },
  }
}
