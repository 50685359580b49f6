/**
 * Pull scheduling (docs/design.md §5): every sync-capable peer is pulled once it is identified, again on
 * request (announcement, notice, maintenance), one session per peer at a time, each hello scoped
 * by `helloWants`. Identified peers are recorded first-hand in the peers table (the address of the
 * connection itself; an anchor only by a first-hand source).
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName } from '../../errors.ts'
import type { NodeId } from '../../model/index.ts'
import { shortId } from '../../model/index.ts'
import { type RunMark, SYNC_PROTOCOL, type SyncDeps, SyncScheduler, syncWithPeer } from '../../sync/index.ts'
import { isKnownAnchor } from '../anchor-trust.ts'
import { helloWants } from './hello-scope.ts'
import { listen, type NetworkUnit, type UnitContext } from './unit.ts'

/** Addresses kept per first-hand peer. */
const ADDRS_PER_PEER = 8

/** The pull scheduler of a node. */
export interface Pulls extends NetworkUnit {
  /** Pulls from `peer` (now, or once more after the running pull); failures are logged. */
  pull(peer: NodeId): void
  /** Now, as a mark for `pullNow`: a pull that starts after it serves a need that arose at it. */
  mark(): RunMark
  /**
   * Pulls from `peer` and resolves when the pull ends that serves it: one that started after `after`
   * (default: now) — running, queued, or already ended.
   */
  pullNow(peer: NodeId, after?: RunMark): Promise<void>
  /** Identified peers that speak `/distsoc/sync`. */
  syncCapable(): NodeId[]
}

/**
 * Starts pull scheduling on `libp2p` with `syncDeps`; `before` runs ahead of each pull (the group
 * exchange, issue 14: a group's records are held before its posts arrive).
 */
export function startPulls(
  { ctx, libp2p }: UnitContext,
  syncDeps: SyncDeps,
  before?: (peer: NodeId) => Promise<void>,
): Pulls {
  const capable = new Set<NodeId>()
  const log = ctx.logger
  const scheduler = new SyncScheduler(async (peer) => {
    await before?.(peer)
    const wants = helloWants(ctx, peer)
    const result = await syncWithPeer(libp2p, peerIdFromString(peer), syncDeps, { wants })
    const got = result.received
    if (got.posts + got.profiles + got.deletes > 0) {
      log.info('sync:pulled', { peer: shortId(peer), posts: got.posts, profiles: got.profiles })
    }
  })
  const pull = (peer: NodeId): void => {
    scheduler.request(peer).catch((err: unknown) => {
      log.warn('sync:pull-failed', { peer: shortId(peer), error: errorName(err) })
    })
  }
  // The first identify of a connection that names the sync protocol pulls. A later one over it (an
  // identify push: the peer's addresses changed) brings no news, and during a cold start's big
  // session it queued one more that found nothing (issue 12).
  const pulledOver = new WeakSet<object>()
  const offIdentify = listen(libp2p, 'peer:identify', (evt) => {
    const { peerId, protocols, connection } = evt.detail
    if (!protocols.includes(SYNC_PROTOCOL)) return
    const id = peerId.toString() as NodeId
    capable.add(id)
    const known = ctx.store.getPeer(id)
    const addr = connection.remoteAddr.toString()
    ctx.store.upsertPeer({
      node_id: id,
      addresses: [addr, ...(known?.addresses ?? []).filter((a) => a !== addr)].slice(0, ADDRS_PER_PEER),
      last_seen: ctx.clock.now(),
      is_anchor: isKnownAnchor(ctx, id),
      introduced_by: known?.introduced_by ?? null,
      found_via: known?.found_via ?? null,
    })
    if (pulledOver.has(connection)) return
    pulledOver.add(connection)
    pull(id)
  })
  const offClose = listen(libp2p, 'connection:close', (evt) => {
    if (libp2p.getConnections(evt.detail.remotePeer).length === 0)
      capable.delete(evt.detail.remotePeer.toString() as NodeId)
  })
  return {
    pull,
    mark: () => scheduler.mark(),
    pullNow: (peer, after) => scheduler.request(peer, after),
    syncCapable: () => [...capable],
    async stop() {
      offIdentify()
      offClose()
      await scheduler.stop()
    },
  }
}
