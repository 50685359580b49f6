/**
 * The node on the network (DESIGN §5–§6): starts libp2p with the identity key, serves and pulls
 * `/distsoc/sync/1.0.0`, checks in with its anchors, pushes announcements on gossipsub and pulls
 * at once when a wanted author announces, and reaches follows directly (WebRTC first).
 */
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { ConnectionView } from '../api/index.ts'
import { sign, verify } from '../crypto/index.ts'
import { libp2pPrivateKey, publicKeyFromNodeId } from '../model/index.ts'
import type { NodeId, PostId } from '../model/types.ts'
import {
  after,
  type DistsocLibp2p,
  exchangePeers,
  locatePeer,
  PEERS_PROTOCOL,
  registerPeersProtocol,
} from '../net/index.ts'
import type { Store } from '../storage/index.ts'
import {
  ANNOUNCE_TOPIC,
  decodeAnnouncement,
  encodeAnnouncement,
  isNews,
  registerSyncProtocol,
  SYNC_PROTOCOL,
  type SyncDeps,
  signAnnouncement,
  syncWithPeer,
} from '../sync/index.ts'
import { activeAnchors, anchorNodeId } from './anchors.ts'
import { connectionIceRoute, connectionPath } from './connection-path.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { storePeerBook, webRtcFirst } from './peer-book.ts'
import { assignMeshSlots, peerExchangeDeps } from './peer-exchange.ts'
import { SyncScheduler } from './sync-scheduler.ts'
import { syncWants } from './sync-wants.ts'

/** Builds the platform's libp2p node (transports, listen addresses) for a private key. */
export type Libp2pFactory = (privateKey: PrivateKey) => Promise<DistsocLibp2p>

/** What an announcement names: an id and a time (see `isNews`). */
export interface AnnouncedChange {
  id: string
  created_at: number
}

/** When a change announced through a relay has not arrived, ask the relay again after this. */
const RETRY_ANNOUNCED_MS = 1500

/** Least time between two peer exchanges with one peer. */
const PEER_EXCHANGE_EVERY_MS = 5 * 60_000

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
  /**
   * Announces a change by this node on gossipsub (author, id, time; never recipients): a new post
   * `(post id, created_at)`, a delete `(post id, delete time)`, a profile `(its sync id, updated_at)`.
   */
  announce(change: AnnouncedChange): Promise<void>
  /** Tries to reach a peer directly (after a follow): cascade, WebRTC first. */
  reach(id: NodeId): Promise<void>
  /** Dials these anchors (e.g. from a connect string) and, once identified, pulls from them. */
  dialAnchors(addrs: readonly string[]): Promise<void>
  connections(): ConnectionView[]
  /** NodeIds with an open connection. */
  connectedIds(): Set<string>
  stop(): Promise<void>
}

/** Starts the network side. `syncDeps` carries the store adapter and verifier. */
export async function startNetwork(
  ctx: NodeContext,
  createLibp2p: Libp2pFactory,
  syncDeps: SyncDeps,
  timings: NetworkTimings = DEFAULT_TIMINGS,
): Promise<NetworkRuntime> {
  const identity = requireIdentity(ctx)
  const log = ctx.logger
  const libp2p = await createLibp2p(libp2pPrivateKey(identity))
  const syncCapable = new Set<string>()
  const foundVia = new Map<string, ConnectionView['found_via']>()
  let stopped = false

  const wants = (): NodeId[] => syncWants(ctx, identity.nodeId)
  const anchorIds = (): Set<string> => new Set(activeAnchors(ctx).flatMap((a) => anchorNodeId(a) ?? []))

  const scheduler = new SyncScheduler(async (peer) => {
    const result = await syncWithPeer(libp2p, peerIdFromString(peer), syncDeps, { wants: wants() })
    const got = result.received
    if (got.posts + got.profiles + got.deletes > 0) {
      log.info('sync:pulled', { peer: peer.slice(-8), posts: got.posts, profiles: got.profiles })
    }
  })
  const pull = (peer: string): void => {
    scheduler.request(peer as NodeId).catch((err: unknown) => {
      log.warn('sync:pull-failed', { peer: peer.slice(-8), error: err instanceof Error ? err.name : 'error' })
    })
  }

  await registerSyncProtocol(libp2p, syncDeps)
  const liveIds = (): NodeId[] => [
    ...new Set(libp2p.getConnections().map((c) => c.remotePeer.toString() as NodeId)),
  ]
  const exchange = peerExchangeDeps(ctx, () =>
    libp2p.getConnections().map((c) => {
      const addr = c.remoteAddr.toString()
      return { id: c.remotePeer.toString() as NodeId, addrs: addr.includes('/p2p-circuit') ? [addr] : [] }
    }),
  )
  await registerPeersProtocol(libp2p, { ...exchange, logger: log })
  const exchangedAt = new Map<string, number>()
  const swapPeers = (peer: PeerId): void => {
    const id = peer.toString()
    const now = ctx.clock.now()
    if (now - (exchangedAt.get(id) ?? 0) < PEER_EXCHANGE_EVERY_MS) return
    exchangedAt.set(id, now)
    exchangePeers(libp2p, peer, exchange)
      .then(() => ctx.emit({ type: 'people.changed' }))
      .catch((err: unknown) =>
        log.debug('peers:exchange-failed', { error: err instanceof Error ? err.name : 'error' }),
      )
  }

  const changed = (): void =>
    ctx.emit({ type: 'network.changed', connections: libp2p.getConnections().length })
  libp2p.addEventListener('connection:open', changed)
  libp2p.addEventListener('connection:close', (evt) => {
    if (libp2p.getConnections(evt.detail.remotePeer).length === 0)
      syncCapable.delete(evt.detail.remotePeer.toString())
    changed()
  })
  libp2p.addEventListener('peer:identify', (evt) => {
    const { peerId, protocols, connection } = evt.detail
    const id = peerId.toString()
    if (protocols.includes(PEERS_PROTOCOL)) swapPeers(peerId)
    if (!protocols.includes(SYNC_PROTOCOL)) return
    syncCapable.add(id)
    const known = ctx.store.getPeer(id as NodeId)
    const addr = connection.remoteAddr.toString()
    ctx.store.upsertPeer({
      node_id: id as NodeId,
      addresses: [addr, ...(known?.addresses ?? []).filter((a) => a !== addr)].slice(0, 8),
      last_seen: ctx.clock.now(),
      is_anchor: known?.is_anchor === true || anchorIds().has(id),
      introduced_by: known?.introduced_by ?? null,
      found_via: known?.found_via ?? null,
    })
    pull(id)
  })

  const pubsub = libp2p.services.pubsub
  pubsub.subscribe(ANNOUNCE_TOPIC)
  pubsub.addEventListener('gossipsub:message', (evt) => {
    const { msg, propagationSource } = evt.detail
    if (msg.topic !== ANNOUNCE_TOPIC) return
    void onAnnouncement(msg.data, propagationSource)
  })
  const verifySignature = (id: NodeId, message: Uint8Array, signature: Uint8Array): Promise<boolean> =>
    verify(publicKeyFromNodeId(id), message, signature)
  const onAnnouncement = async (data: Uint8Array, from: PeerId): Promise<void> => {
    try {
      const ann = await decodeAnnouncement(data, verifySignature, ctx.clock.now())
      const wanted = ann.author === identity.nodeId || ctx.store.isFollowing(ann.author)
      if (!wanted || !isNews(ctx.store, ann)) return
      const direct = libp2p.getConnections(peerIdFromString(ann.author)).length > 0
      const source = direct ? ann.author : from.toString()
      pull(source)
      // A relaying anchor may pull the change from the author only now: ask once more shortly.
      after(RETRY_ANNOUNCED_MS, () => {
        if (!stopped && isNews(ctx.store, ann)) pull(source)
      })
    } catch (err) {
      log.debug('announce:rejected', { error: err instanceof Error ? err.name : 'error' })
    }
  }

  const dialAnchors = async (addrs: readonly string[] = activeAnchors(ctx)): Promise<void> => {
    await Promise.allSettled(
      addrs.map(async (addr) => {
        const id = anchorNodeId(addr)
        if (id === undefined || libp2p.getConnections(peerIdFromString(id)).length > 0) return
        await libp2p.dial(multiaddr(addr))
      }),
    )
  }
  const peerBook = storePeerBook(ctx)
  const reaching = new Map<NodeId, Promise<void>>()
  const reachOnce = async (id: NodeId): Promise<void> => {
    const open = libp2p.getConnections(peerIdFromString(id))
    if (open.some((c) => connectionPath(c.remoteAddr.toString()) === 'webrtc')) return
    const located = await locatePeer(id, { libp2p, peerBook, dialAddrs: webRtcFirst, logger: log })
    foundVia.set(id, located.foundVia)
  }
  /** One attempt per peer at a time (a follow and the maintenance loop may ask together). */
  const reach = (id: NodeId): Promise<void> => {
    const running = reaching.get(id)
    if (running !== undefined) return running
    const attempt = reachOnce(id).finally(() => reaching.delete(id))
    reaching.set(id, attempt)
    return attempt
  }
  const reachFollows = async (): Promise<void> => {
    for (const follow of ctx.store.listFollows()) {
      if (stopped) return
      await reach(follow.node_id).catch(() => {})
    }
  }
  const maintain = async (): Promise<void> => {
    await dialAnchors()
    await reachFollows()
    assignMeshSlots(ctx, liveIds())
    for (const id of syncCapable) pull(id)
  }

  let cancelTimer: (() => void) | undefined
  const loop = (): void => {
    cancelTimer = after(timings.maintainEveryMs, () => {
      if (stopped) return
      maintain()
        .catch(() => {})
        .finally(loop)
    })
  }
  void dialAnchors()
    .then(reachFollows)
    .catch(() => {})
  loop()

  return {
    libp2p,
    async syncNow() {
      await dialAnchors()
      const peers = [...syncCapable]
      await Promise.allSettled(peers.map((p) => scheduler.request(p as NodeId)))
      return peers.length
    },
    async announce(change) {
      const signed = await signAnnouncement(
        { author: identity.nodeId, id: change.id as PostId, created_at: change.created_at },
        (message) => sign(identity.seed, message),
      )
      try {
        await pubsub.publish(ANNOUNCE_TOPIC, encodeAnnouncement(signed))
      } catch (err) {
        log.debug('announce:publish-failed', { error: err instanceof Error ? err.name : 'error' })
      }
      // Anchors and direct peers that do not subscribe still pull on their next round.
    },
    reach,
    dialAnchors,
    connections() {
      const anchors = anchorIds()
      return libp2p.getConnections().map((c) => {
        const peer = c.remotePeer.toString()
        const view: ConnectionView = {
          peer: peer as NodeId,
          path: connectionPath(c.remoteAddr.toString()),
          remote_addr: c.remoteAddr.toString(),
          is_anchor: anchors.has(peer) || ctx.store.getPeer(peer as NodeId)?.is_anchor === true,
        }
        const via = foundVia.get(peer)
        if (via !== undefined) view.found_via = via
        const route = view.path === 'webrtc' ? connectionIceRoute(c) : undefined
        if (route !== undefined) view.ice_route = route
        return view
      })
    },
    connectedIds() {
      return new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))
    },
    async stop() {
      stopped = true
      cancelTimer?.()
      await scheduler.stop()
      await libp2p.stop()
    },
  }
}
