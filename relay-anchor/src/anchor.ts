/**
 * The relay anchor as a library (docs/design.md §6): a libp2p node over WebSockets with a circuit relay v2
 * server, the recent-connection cache and locate protocol, bootstrap via the peers protocol, the
 * mailbox (sync on the anchor's store) with check-in, public HTTP /health, and Prometheus /metrics
 * on a listener of its own (loopback by default). Caps per source IP sit in a connection gater.
 * `startAnchor` returns once everything listens; `stop()` shuts down in order, database last.
 */
import type { IdentifyResult, PeerId } from '@libp2p/interface'
import { errorName } from '../../src/core/errors.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import { generateIdentity, libp2pPrivateKey, shortId } from '../../src/core/model/index.ts'
import {
  createDistsocLibp2p,
  type DistsocLibp2p,
  RecentConnections,
  type RejectReason,
  registerLocateProtocol,
  registerPeersProtocol,
} from '../../src/core/net/index.ts'
import { advertisedCircuitAddrs, anchorRoutingState, locateRecent } from './anchor-routing.ts'
import {
  type AnchorConfig,
  DEFAULT_INBOUND_PER_HOST_PER_SECOND,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PENDING_CONNECTIONS,
  DEFAULT_QUOTA,
  DEFAULT_RELAY_LIMITS,
  listenAddr,
} from './config.ts'
import { DEFAULT_HOST_LIMITS, HostLimiter, hostGroup, hostOf } from './host-limits.ts'
import { startHttpServer } from './http-server.ts'
import { loadOrCreateIdentity } from './identity-file.ts'
import { createJsonLoggers } from './json-logger.ts'
import type { AnchorMailbox } from './mailbox.ts'
import { AnchorMetrics } from './metrics.ts'
import { startMetricsServer } from './metrics-server.ts'
import { anchorNoiseCrypto } from './noise-crypto.ts'
import { registerNoticeRelay } from './notice-relay.ts'
import { DEFAULT_OFFENDER_LIMITS, OFFENCES, OFFENDING_REJECTS, Offenders } from './offenders.ts'
import { refusingWebSockets } from './refusing-websockets.ts'
import { type RunningStunServer, startStunServer } from './stun-server.ts'
import { syncMailbox } from './sync-mailbox.ts'

/**
 * Gossipsub of an anchor: a wide mesh (defaults are D=6, for leaf nodes), and no penalty for many
 * peers on one IP — behind a reverse proxy every browser comes from 127.0.0.1, and with the default
 * (−5 past 10 peers per IP) the anchor stops forwarding announcements to them.
 */
const ANCHOR_GOSSIP = {
  D: 32,
  Dlo: 16,
  Dhi: 64,
  Dlazy: 32,
  scoreParams: { IPColocationFactorWeight: 0 },
}

/** A connection held this long vouches for its peer in the recent cache (no throwaway identity). */
const VOUCH_AFTER_MS = 10 * 60 * 1000

/** A started anchor. */
export interface RunningAnchor {
  nodeId: NodeId
  /** Listen/announce multiaddrs with /p2p/<nodeId>. */
  multiaddrs: string[]
  /** Base URL of the public /health. */
  httpUrl: string
  /** The STUN server's ICE URL (`stun:host:port`), absent when STUN is off (issue 18). */
  stunUrl?: string
  /** Base URL of /metrics (its own listener, loopback by default). */
  metricsUrl: string
  libp2p: DistsocLibp2p
  metrics: AnchorMetrics
  recent: RecentConnections
  mailbox: AnchorMailbox
  /** Stops accepting, closes connections and HTTP, then the database. Idempotent. */
  stop(): Promise<void>
}

/** Starts an anchor with `config` (every field optional; see AnchorConfig for defaults). */
export async function startAnchor(config: AnchorConfig = {}): Promise<RunningAnchor> {
  const startedAt = Date.now()
  const loggers = createJsonLoggers(config.logLevel ?? 'info', config.logSink)
  const log = loggers('anchor:main')
  const host = config.host ?? '127.0.0.1'
  const relay = { ...DEFAULT_RELAY_LIMITS, ...config.relay }
  const quota = { ...DEFAULT_QUOTA, ...config.quota }
  const identity =
    config.dataDir === undefined ? generateIdentity() : (await loadOrCreateIdentity(config.dataDir)).identity
  const nodeId = identity.nodeId
  const metrics = new AnchorMetrics({ processMetrics: config.processMetrics ?? false })
  const hosts = new HostLimiter({ ...DEFAULT_HOST_LIMITS, ...config.hostLimits }, (what) =>
    metrics.inc(what === 'connection' ? 'connectionsRefused' : 'reservationsRefused'),
  )
  const netLog = loggers('anchor:net')
  let libp2p: DistsocLibp2p
  // the view is read only once libp2p and the mailbox exist (offences come from served sessions)
  const offenders = new Offenders(
    { ...DEFAULT_OFFENDER_LIMITS, ...config.offenders },
    {
      connections: () => libp2p.getConnections(),
      isUser: (peer) => mailbox.isUser(peer),
      isExemptHost: (h) => hosts.isExempt(h),
      onCut: () => metrics.inc('offendersCut'),
      onRefused: () => metrics.inc('offendersRefused'),
      onUserOffence: () => metrics.inc('offendersUserOffences'),
    },
  )
  const offended = (peer: NodeId, reason: string): void => {
    const cut = offenders.offended(peer)
    if (cut > 0) netLog.warn('offender-cut', { peer: shortId(peer), reason, connections: cut })
  }
  const mailbox = await (config.mailbox ?? syncMailbox(config.checkIn))({
    dataDir: config.dataDir,
    nodeId,
    quota,
    metrics,
    logger: loggers('anchor:mailbox'),
    onPeerFault: (peer, name) => {
      if (OFFENCES.has(name)) offended(peer, name)
    },
    onUserListed: (peer) => offenders.listed(peer),
  })

  try {
    libp2p = await createDistsocLibp2p({
      privateKey: libp2pPrivateKey(identity),
      // an offender's IP is refused at the TCP accept, before the WebSocket upgrade (and by the gater)
      transports: [refusingWebSockets((remote) => offenders.refusesInbound(remote))],
      listen: [listenAddr(host, config.port ?? 0)],
      announce: config.announce ?? [],
      connectionGater: offenders.gater(hosts.gater()),
      noiseCrypto: anchorNoiseCrypto,
      connectionManager: {
        maxConnections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        inboundConnectionThreshold: config.inboundPerHostPerSecond ?? DEFAULT_INBOUND_PER_HOST_PER_SECOND,
        maxIncomingPendingConnections: config.maxPendingConnections ?? DEFAULT_MAX_PENDING_CONNECTIONS,
      },
      // thousands of idle browsers: ping each every 30 s, and give a busy host 20 s before dropping one
      connectionMonitor: { pingInterval: 30_000, pingTimeout: { minTimeout: 20_000 } },
      // The anchor is the hub that carries announcements between the browsers it serves: a wide
      // mesh, so a subscriber is not left to lazy gossip (announcements are a few hundred bytes).
      gossipsub: ANCHOR_GOSSIP,
      relayServer: {
        maxInboundHopStreams: relay.maxInboundHopStreams,
        reservations: {
          maxReservations: relay.maxReservations,
          reservationTtl: relay.reservationTtlMs,
          applyDefaultLimit: true,
          defaultDataLimit: relay.defaultDataLimit,
          defaultDurationLimit: relay.defaultDurationLimitMs,
        },
      },
    })
  } catch (err) {
    await mailbox.close()
    throw err
  }

  const recent = new RecentConnections(config.recent)
  const reservations = () => libp2p.services.relay?.reservations
  hosts.attach({
    reservationAddrs: () => [...(reservations()?.values() ?? [])].map((r) => r.addr),
    hasReservation: (peer) => reservations()?.has(peer) ?? false,
    addrsOf: (peer) => libp2p.getConnections(peer).map((c) => c.remoteAddr),
  })
  let openConnections = 0
  metrics.gauges = {
    connections: () => openConnections,
    reservations: () => reservations()?.size ?? 0,
    recentPeers: () => recent.size,
    storedPosts: () => mailbox.stats().posts,
    storedBytes: () => mailbox.stats().bytes,
  }
  const ownAddrs = (): string[] => libp2p.getMultiaddrs().map((m) => m.toString())

  libp2p.addEventListener('connection:open', (evt) => {
    openConnections++
    metrics.inc('connectionsOpened')
    hosts.opened(evt.detail.remoteAddr)
    recent.seen(
      evt.detail.remotePeer.toString() as NodeId,
      [],
      true,
      hostGroup(hostOf(evt.detail.remoteAddr)),
    )
    netLog.debug('connection-open', { peer: shortId(evt.detail.remotePeer.toString()) })
  })
  libp2p.addEventListener('connection:close', (evt) => {
    openConnections--
    metrics.inc('connectionsClosed')
    hosts.closed(evt.detail.remoteAddr)
    // a peer that held a connection for a long while is no throwaway identity: keep it
    if (Date.now() - evt.detail.timeline.open >= VOUCH_AFTER_MS) {
      recent.vouch(evt.detail.remotePeer.toString() as NodeId)
    }
  })
  libp2p.addEventListener('peer:disconnect', (evt) => recent.disconnected(evt.detail.toString() as NodeId))
  libp2p.addEventListener('peer:identify', (evt) => {
    const result: IdentifyResult = evt.detail
    const peer: PeerId = result.peerId
    recent.seen(peer.toString() as NodeId, advertisedCircuitAddrs(result))
    mailbox.onPeerIdentified(peer, result.protocols, ownAddrs()).then(
      (user) => {
        if (!user) return
        recent.vouch(peer.toString() as NodeId)
        offenders.userSeen(
          peer.toString() as NodeId,
          libp2p.getConnections(peer).map((c) => c.remoteAddr),
        )
      },
      (err: unknown) => {
        metrics.inc('checkInFailures')
        netLog.warn('check-in-failed', {
          peer: shortId(peer.toString()),
          error: errorName(err),
        })
      },
    )
  })

  const serve = {
    logger: netLog,
    onReject: (protocol: string, reason: RejectReason, from: NodeId) => {
      metrics.rejectFrame(protocol, reason)
      // a frame too large, malformed or invalid is an offence; a timeout is not (a slow phone)
      if (OFFENDING_REJECTS.has(reason)) offended(from, reason)
    },
  }
  await registerLocateProtocol(libp2p, (id) => locateRecent(libp2p, recent, id), serve)
  await registerPeersProtocol(libp2p, {
    ...serve,
    routingState: () => anchorRoutingState(libp2p, recent, config.knownAnchors ?? []),
    onPeersMessage: () => {},
  })
  await mailbox.attach(libp2p)
  await registerNoticeRelay(libp2p, mailbox, serve)

  let serving = true
  const http = await startHttpServer(config.httpHost ?? host, config.httpPort ?? 0, {
    nodeId,
    startedAt,
    isServing: () => serving,
  }).catch(async (err: unknown) => {
    await libp2p.stop()
    await mailbox.close()
    throw err
  })
  const metricsHttp = await startMetricsServer(
    config.metricsHost ?? '127.0.0.1',
    config.metricsPort ?? 0,
    metrics,
    config.metricsToken,
  ).catch(async (err: unknown) => {
    await libp2p.stop()
    await http.close()
    await mailbox.close()
    throw err
  })

  let stunServer: RunningStunServer | undefined
  if (config.stun !== false) {
    const stunLog = loggers('anchor:stun')
    stunServer = await startStunServer({
      host: config.stun?.host ?? host,
      port: config.stun?.port ?? 0,
      onDrop: (reason) => stunLog.debug('stun-drop', { reason }),
    }).catch(async (err: unknown) => {
      await libp2p.stop()
      await http.close()
      await metricsHttp.close()
      await mailbox.close()
      throw err
    })
  }
  const stunUrl = stunServer === undefined ? undefined : stunIceUrl(stunServer.address)

  const multiaddrs = ownAddrs()
  log.info('started', {
    nodeId: shortId(nodeId),
    addrs: multiaddrs.length,
    http: http.url,
    metrics: metricsHttp.url,
    stun: stunUrl,
  })

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      serving = false
      log.info('stopping')
      await stunServer?.close()
      await libp2p.stop()
      await http.close()
      await metricsHttp.close()
      await mailbox.close()
      log.info('stopped')
    })()
    return stopping
  }

  const running: RunningAnchor = {
    nodeId,
    multiaddrs,
    httpUrl: http.url,
    metricsUrl: metricsHttp.url,
    libp2p,
    metrics,
    recent,
    mailbox,
    stop,
  }
  if (stunUrl !== undefined) running.stunUrl = stunUrl
  return running
}

/** The ICE URL of a bound STUN socket (RFC 7064): `stun:host:port`, IPv6 in brackets. */
export function stunIceUrl(address: { host: string; port: number }): string {
  return address.host.includes(':')
    ? `stun:[${address.host}]:${address.port}`
    : `stun:${address.host}:${address.port}`
}
