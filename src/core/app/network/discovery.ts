/**
 * Discovery (docs/design.md §6): dials this node's anchors and reaches follows directly, WebRTC first,
 * through the cascade. Locate questions go only to the target's own anchors (its signed profile or
 * connect string) and to ours — never to "mutual contacts", whom any peer can claim to be through
 * n1, and who would learn whom we look for — and each target is located at most a few times a
 * minute (a `RequestBudget` per target).
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { ConnectionView } from '../../api/index.ts'
import type { NodeId } from '../../model/index.ts'
import { locatePeer, RequestBudget } from '../../net/index.ts'
import { activeAnchors, anchorNodeId } from '../anchors.ts'
import { connectionPath } from '../connection-path.ts'
import { storePeerBook, webRtcFirst } from '../peer-book.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** Locate attempts per target: a burst of 2, one more every 30 s. */
const LOCATE_BUDGET = { burst: 2, refillMs: 30_000 } as const

/** The discovery side of a node. */
export interface Discovery extends NetworkUnit {
  /** Tries to reach `id` directly (one attempt per peer at a time; rate-limited per target). */
  reach(id: NodeId): Promise<void>
  /** Reaches every follow in turn. */
  reachFollows(): Promise<void>
  /** Dials these anchors (default: the active ones) unless already connected. */
  dialAnchors(addrs?: readonly string[]): Promise<void>
  /** How each reached peer was found. */
  foundVia(id: NodeId): ConnectionView['found_via'] | undefined
}

/** Starts discovery. */
export function startDiscovery({ ctx, libp2p }: UnitContext): Discovery {
  const log = ctx.logger
  const found = new Map<string, NonNullable<ConnectionView['found_via']>>()
  const reaching = new Map<NodeId, Promise<void>>()
  const budget = new RequestBudget({ ...LOCATE_BUDGET, now: () => ctx.clock.now() })
  const peerBook = { ...storePeerBook(ctx), mutualContacts: () => [] }
  let stopped = false

  const reachOnce = async (id: NodeId): Promise<void> => {
    const open = libp2p.getConnections(peerIdFromString(id))
    if (open.some((c) => connectionPath(c.remoteAddr.toString()) === 'webrtc')) return
    if (!budget.take(id)) return
    // Already relayed: only a direct path is worth a dial. A second circuit to the same peer is a
    // duplicate libp2p aborts, and a stream just opened on it fails with ConnectionClosedError.
    const keep =
      open.length === 0
        ? (addrs: readonly string[]) => [...addrs]
        : (addrs: readonly string[]) => addrs.filter((a) => connectionPath(a) === 'webrtc')
    const located = await locatePeer(id, {
      libp2p,
      peerBook: { ...peerBook, storedAddresses: async (peer) => keep(await peerBook.storedAddresses(peer)) },
      dialAddrs: (addr, peer) => keep(webRtcFirst(addr, peer)),
      logger: log,
    })
    found.set(id, located.foundVia)
  }
  const reach = (id: NodeId): Promise<void> => {
    const running = reaching.get(id)
    if (running !== undefined) return running
    const attempt = reachOnce(id).finally(() => reaching.delete(id))
    reaching.set(id, attempt)
    return attempt
  }
  return {
    reach,
    async reachFollows() {
      for (const follow of ctx.store.listFollows()) {
        if (stopped) return
        await reach(follow.node_id).catch(() => {})
      }
    },
    async dialAnchors(addrs = activeAnchors(ctx)) {
      await Promise.allSettled(
        addrs.map(async (addr) => {
          const id = anchorNodeId(addr)
          if (stopped || id === undefined || libp2p.getConnections(peerIdFromString(id)).length > 0) return
          await libp2p.dial(multiaddr(addr))
        }),
      )
    },
    foundVia: (id) => found.get(id),
    stop() {
      stopped = true
    },
  }
}
