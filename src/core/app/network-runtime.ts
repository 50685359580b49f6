/**
 * The node on the network (docs/design.md §5–§6): the composition root of the network units — pulls,
 * announcements (public topic), notices (private activity, direct), peer exchange, discovery and
 * maintenance. It starts libp2p with the identity key, serves `/distsoc/sync/1.0.0`, and stops the
 * units in reverse order, then libp2p, once.
 */

import type { PrivateKey } from '@libp2p/interface'
import type { ConnectionView } from '../api/index.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import { libp2pPrivateKey } from '../model/index.ts'
import type { DistsocLibp2p } from '../net/index.ts'
import { registerSyncProtocol, SYNC_PROTOCOL, type SyncDeps } from '../sync/index.ts'
import { trustedAnchorIds } from './anchor-trust.ts'
import { connectionIceRoute, connectionPath } from './connection-path.ts'
import { groupHeadsSummary } from './group-custody.ts'
import type { AnnouncedChange, NetworkUnit, UnitContext } from './network/index.ts'
import {
  type Announcements,
  coalesced,
  type Discovery,
  type GroupSync,
  type Hosting,
  type Notices,
  startAnnouncements,
  startDiscovery,
  startGroupCustodyPush,
  startGroupSync,
  startHosting,
  startMaintenance,
  startNotices,
  startPeerExchange,
  startPulls,
  startRestoration,
} from './network/index.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** Builds the platform's libp2p node (transports, listen addresses) for a private key. */
export type Libp2pFactory = (privateKey: PrivateKey) => Promise<DistsocLibp2p>

export { type AnnouncedChange, changeOf } from './network/index.ts'

/** Timings of the background loops; tests shorten them. */
export interface NetworkTimings {
  /** How often anchors and follows are (re)dialled and pulled from. */
  maintainEveryMs: number
}

const DEFAULT_TIMINGS: NetworkTimings = { maintainEveryMs: 20_000 }

/** The running network side of a node. */
export interface NetworkRuntime {
  readonly libp2p: DistsocLibp2p
  /** Pulls from every connected distsoc peer now; resolves with how many were asked. */
  syncNow(): Promise<number>
  /** Tells others of a change by this node: public ones on the topic, private ones by direct notice. */
  announce(change: AnnouncedChange): Promise<void>
  /** Tries to reach a peer directly (after a follow): cascade, WebRTC first. */
  reach(id: NodeId): Promise<void>
  /** A group changed here (issue 14): its connected members are told, an invitee is reached. */
  groupChanged(group: GroupId, extra?: { invitee: NodeId; anchors: readonly string[] }): Promise<void>
  /** Dials these anchors (e.g. from a connect string) and, once identified, pulls from them. */
  dialAnchors(addrs: readonly string[]): Promise<void>
  connections(): ConnectionView[]
  /** NodeIds with an open connection. */
  connectedIds(): Set<string>
  /** Peers that may host for this node (the restoration cascade's third step, issue 15). */
  readonly hosting: Hosting['peers']
  stop(): Promise<void>
}

/** Starts the network side. `syncDeps` carries the store adapter and verifier. */
export async function startNetwork(
  ctx: NodeContext,
  createLibp2p: Libp2pFactory,
  syncDeps: SyncDeps,
  timings: NetworkTimings = DEFAULT_TIMINGS,
): Promise<NetworkRuntime> {
  const libp2p = await createLibp2p(libp2pPrivateKey(requireIdentity(ctx)))
  const unit: UnitContext = { ctx, libp2p }
  const started: NetworkUnit[] = []
  let announcements: Announcements
  let notices: Notices
  let hosting: Hosting
  let groups: GroupSync
  const stopUnits = async (): Promise<void> => {
    for (const u of started.splice(0).reverse()) await u.stop()
  }
  try {
    await registerSyncProtocol(libp2p, syncDeps)
    started.push({ stop: () => libp2p.unhandle(SYNC_PROTOCOL).catch(() => {}) })
    // discovery starts last; until then an invitee is only told if already connected
    let reaching: Discovery | undefined
    groups = await startGroupSync(unit, {
      notify: (change) => notices.publish(change, { anchors: false }),
      dialAnchors: async (addrs) => reaching?.dialAnchors(addrs),
      reach: async (id) => reaching?.reach(id),
      onRefused: (peer, reason) => syncDeps.onPeerReject?.(peer, reason),
      onLost: (peer, group, at) => custody.resendFrom(peer, group, at),
    })
    started.push(groups)
    // an anchor that refused our branch of a fork as the loser holds the winner: pull it (and repair)
    const custody = startGroupCustodyPush(unit, { behind: (anchor) => pulls.pull(anchor) })
    started.push(custody)
    // issue 14: the anchors that keep this node's group logs get what grew, after each exchange
    const pulls = startPulls(unit, syncDeps, async (peer) => {
      const before = groupHeadsSummary(ctx)
      await groups.exchange(peer)
      if (groupHeadsSummary(ctx) !== before) await custody.pushAll()
      else await custody.push(peer)
    })
    started.push(pulls)
    announcements = startAnnouncements(unit, pulls)
    started.push(announcements)
    notices = await startNotices(unit, pulls)
    started.push(notices)
    started.push(await startPeerExchange(unit))
    hosting = await startHosting(unit, syncDeps)
    started.push(hosting)
    const discovery = startDiscovery(unit)
    reaching = discovery
    started.push(discovery)
    started.push(startMaintenance(unit, { discovery, pulls }, timings.maintainEveryMs))
    started.push(startRestoration(unit, hosting.peers))

    const changed = (): void =>
      ctx.emit({ type: 'network.changed', connections: libp2p.getConnections().length })
    libp2p.addEventListener('connection:open', changed)
    libp2p.addEventListener('connection:close', changed)
    started.push({
      stop() {
        libp2p.removeEventListener('connection:open', changed)
        libp2p.removeEventListener('connection:close', changed)
      },
    })

    // a burst of callers (a follow each) shares one run after the current one (issue 12)
    const syncNow = coalesced(async () => {
      await discovery.dialAnchors()
      // An anchor just dialled may not have finished identify yet; it serves sync all the same.
      const anchors = trustedAnchorIds(ctx)
      const connectedAnchors = libp2p
        .getConnections()
        .map((c) => c.remotePeer.toString() as NodeId)
        .filter((id) => anchors.has(id))
      const peers = [...new Set([...pulls.syncCapable(), ...connectedAnchors])]
      await Promise.allSettled(peers.map((p) => pulls.pullNow(p)))
      return peers.length
    })
    let stopping: Promise<void> | undefined
    return {
      libp2p,
      hosting: hosting.peers,
      syncNow,
      async announce(change) {
        const { notify, ...rest } = change
        if (rest.recipients === undefined) await announcements.publish(rest)
        else await notices.publish({ ...rest, recipients: rest.recipients })
        if (notify !== undefined && notify.length > 0) await notices.publish({ ...rest, recipients: notify })
      },
      groupChanged: (group, extra) =>
        Promise.all([custody.pushAll(), groups.changed(group, extra)]).then(() => {}),
      reach: (id) => discovery.reach(id),
      dialAnchors: (addrs) => discovery.dialAnchors(addrs),
      connections() {
        const anchors = trustedAnchorIds(ctx)
        return libp2p.getConnections().map((c) => {
          const peer = c.remotePeer.toString() as NodeId
          const view: ConnectionView = {
            peer,
            path: connectionPath(c.remoteAddr.toString()),
            remote_addr: c.remoteAddr.toString(),
            is_anchor: anchors.has(peer),
          }
          const via = discovery.foundVia(peer)
          if (via !== undefined) view.found_via = via
          const route = view.path === 'webrtc' ? connectionIceRoute(c) : undefined
          if (route !== undefined) view.ice_route = route
          return view
        })
      },
      connectedIds() {
        return new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))
      },
      stop() {
        stopping ??= (async () => {
          await stopUnits()
          await libp2p.stop()
        })()
        return stopping
      },
    }
  } catch (err) {
    await stopUnits().catch(() => {})
    await libp2p.stop()
    throw err
  }
}
