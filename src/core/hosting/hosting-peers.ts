/**
 * The restoration cascade's "random peer that has spare quota and accepts" (issue 15), as the
 * `HostingPeers` seam of `src/core/replicas` wants it: the candidates are the connected peers that
 * speak `/distsoc/host/1.0.0`. `acceptsHosting` sends only the offer and reads the host's gate
 * decision, so a full peer answers with its typed refusal before any attachment is pushed; an
 * accepted offer stays open (its stream and the host's reservation) until `push` sends the
 * attachments, or is withdrawn after `holdMs`. `push` is the one way this node hands a post to
 * another (keyholders and followers are pushed to directly).
 */
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName, NotFoundError } from '../errors.ts'
import type { NodeId, PostId } from '../model/index.ts'
import { after } from '../net/index.ts'
import type { HostingAnswer, HostingPeers } from '../replicas/index.ts'
import type { Store } from '../storage/index.ts'
import { type OpenOffer, offerToHost } from './host-client.ts'
import { HOST_EXCHANGE_MS } from './host-server.ts'

/** Accepted offers kept open at once, waiting for their push (the oldest is withdrawn beyond it). */
export const OPEN_OFFERS = 4

/** What hosting peers need. */
export interface HostingPeersDeps {
  libp2p: Pick<Libp2p, 'dialProtocol'>
  store: Pick<Store, 'getPost' | 'getBlob'>
  /** Connected peers that announced the host protocol (tracked by the node's network unit). */
  candidates(): readonly NodeId[]
  /** How long an accepted offer waits for its push (default: half the host's exchange time). */
  holdMs?: number
}

/** HostingPeers plus the push that completes an accepted offer (or asks afresh). */
export interface HostingNetwork extends HostingPeers {
  /** Hands post `post` and its attachments to `peer`; a refusal or failure is an answer, never a throw. */
  push(peer: NodeId, post: PostId): Promise<HostingAnswer>
  /** Withdraws every offer still open (the node stops). */
  close(): void
}

interface Held {
  offer: OpenOffer
  cancel: () => void
}

/** HostingNetwork over libp2p and the store. */
export function hostingPeers({ libp2p, store, candidates, holdMs }: HostingPeersDeps): HostingNetwork {
  const open = new Map<string, Held>()
  const keyOf = (peer: NodeId, post: PostId): string => `${peer}/${post}`
  const withdraw = (key: string): void => {
    const held = open.get(key)
    if (held === undefined) return
    open.delete(key)
    held.cancel()
    held.offer.abort()
  }
  const offer = async (peer: NodeId, post: PostId): Promise<OpenOffer> => {
    const held = store.getPost(post)
    if (held === undefined) throw new NotFoundError('the post is not held here')
    return offerToHost(libp2p, peerIdFromString(peer), held.signed, (id) => store.getBlob(id)?.bytes)
  }
  return {
    candidates,
    async acceptsHosting(peer, asked): Promise<HostingAnswer> {
      const key = keyOf(peer, asked.post)
      withdraw(key)
      try {
        const accepted = await offer(peer, asked.post)
        while (open.size >= OPEN_OFFERS) withdraw(open.keys().next().value as string)
        open.set(key, { offer: accepted, cancel: after(holdMs ?? HOST_EXCHANGE_MS / 2, () => withdraw(key)) })
        return { accepted: true }
      } catch (err) {
        return { accepted: false, reason: errorName(err, 'UnreachableError') }
      }
    },
    async push(peer, post): Promise<HostingAnswer> {
      const key = keyOf(peer, post)
      const held = open.get(key)
      open.delete(key)
      held?.cancel()
      try {
        await (held?.offer ?? (await offer(peer, post))).finish()
        return { accepted: true }
      } catch (err) {
        return { accepted: false, reason: errorName(err, 'UnreachableError') }
      }
    },
    close() {
      for (const key of [...open.keys()]) withdraw(key)
    },
  }
}
