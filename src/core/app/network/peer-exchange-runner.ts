/**
 * Peer exchange (docs/design.md §6): serves `/distsoc/peers/1.0.0` and swaps shares with each identified
 * peer that speaks it, at most once per `PEER_EXCHANGE_EVERY_MS` per peer. What others say is kept
 * as hints (never the peers table) and in the bounded reach tables.
 */
import type { PeerId } from '@libp2p/interface'
import { errorName } from '../../errors.ts'
import type { NodeId } from '../../model/index.ts'
import { exchangePeers, PEERS_PROTOCOL, PeerHints, registerPeersProtocol } from '../../net/index.ts'
import { peerExchangeDeps } from '../peer-exchange.ts'
import { listen, type NetworkUnit, type UnitContext } from './unit.ts'

/** Least time between two peer exchanges with one peer. */
export const PEER_EXCHANGE_EVERY_MS = 5 * 60_000
/** Peers whose last exchange time is remembered. */
const MAX_REMEMBERED = 4096

/** The peer exchange side of a node. */
export interface PeerExchange extends NetworkUnit {
  /** What peers said about peers (second-hand; never trusted as first-hand). */
  readonly hints: PeerHints
}

/** Serves the peers protocol and exchanges with identified peers. */
export async function startPeerExchange({ ctx, libp2p }: UnitContext): Promise<PeerExchange> {
  const hints = new PeerHints()
  const deps = peerExchangeDeps(ctx, hints)
  await registerPeersProtocol(libp2p, { ...deps, logger: ctx.logger })
  const exchangedAt = new Map<string, number>()
  const swap = (peer: PeerId): void => {
    const id = peer.toString()
    const now = ctx.clock.now()
    if (now - (exchangedAt.get(id) ?? Number.NEGATIVE_INFINITY) < PEER_EXCHANGE_EVERY_MS) return
    exchangedAt.delete(id)
    exchangedAt.set(id, now)
    if (exchangedAt.size > MAX_REMEMBERED) exchangedAt.delete(exchangedAt.keys().next().value ?? '')
    exchangePeers(libp2p, peer, deps)
      .then(() => ctx.emit({ type: 'people.changed' }))
      .catch((err: unknown) => ctx.logger.debug('peers:exchange-failed', { error: errorName(err) }))
  }
  const offIdentify = listen(libp2p, 'peer:identify', (evt) => {
    if (evt.detail.protocols.includes(PEERS_PROTOCOL)) swap(evt.detail.peerId)
  })
  const offClose = listen(libp2p, 'peer:disconnect', (evt) => hints.forget(evt.detail.toString() as NodeId))
  return {
    hints,
    async stop() {
      offIdentify()
      offClose()
      await libp2p.unhandle(PEERS_PROTOCOL).catch(() => {})
    },
  }
}
