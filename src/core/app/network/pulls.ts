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
import { SYNC_PROTOCOL, type SyncDeps, SyncScheduler, syncWithPeer } from '../../sync/index.ts'
import { isKnownAnchor } from '../anchor-trust.ts'
import { helloWants } from './hello-scope.ts'
import { listen, type NetworkUnit, type UnitContext } from './unit.ts'

/** Addresses kept per first-hand peer. */
const ADDRS_PER_PEER = 8

/** The pull scheduler of a node. */
export interface Pulls extends NetworkUnit {
  /** Pulls from `peer` (now, or once more after the running pull); failures are logged. */
  pull(peer: NodeId): void
  /** Pulls from `peer` and resolves when that pull ends. */
  pullNow(peer: NodeId): Promise<void>
  /** Identified peers that speak `/distsoc/sync`. */
  syncCapable(): NodeId[]
}

/**
 * Starts pull scheduling on `libp2p` with `syncDeps`; `before` runs beside each pull and the pull
 * takes no item until it is done (the group exchange, issue 14: a group's records are held before
 * its posts arrive). The pull's stream, hello and the peer's loading of its sets meanwhile are not
 * waited for (issue 12: ~250 ms before a cold start's first posts).
 */
export function startPulls(
  { ctx, libp2p }: UnitContext,
  syncDeps: SyncDeps,
  before?: (peer: NodeId) => Promise<void>,
): Pulls {
  const capable = new Set<NodeId>()
  const log = ctx.logger
  const scheduler = new SyncScheduler(async (peer) => {
    const ready = before?.(peer)
    // a failed exchange fails the pull, which waits for it (no unhandled rejection meanwhile)
    ready?.catch(() => {})
    const wants = helloWants(ctx, peer)
    const result = await syncWithPeer(libp2p, peerIdFromString(peer), syncDeps, {
      wants,
      ...(ready === undefined ? {} : { ready }),
    }).finally(() => ready)
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
    pull(id)
  })
  const offClose = listen(libp2p, 'connection:close', (evt) => {
    if (libp2p.getConnections(evt.detail.remotePeer).length === 0)
      capable.delete(evt.detail.remotePeer.toString() as NodeId)
  })
  return {
    pull,
    pullNow: (peer) => scheduler.request(peer),
    syncCapable: () => [...capable],
    async stop() {
      offIdentify()
      offClose()
      await scheduler.stop()
    },
  }
}
