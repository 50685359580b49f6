/**
 * The anchor's configuration and its documented defaults (docs/design.md §5, §10). The relayed circuit
 * only carries the WebRTC handshake and small messages, so circuits keep js-libp2p's small limits;
 * bulk sync runs over the direct WebSocket connection to the anchor.
 */
import type { RecentConnectionsInit } from '../../src/core/net/index.ts'
import type { HostLimits } from './host-limits.ts'
import type { LogLevel, LogSink } from './json-logger.ts'
import type { MailboxFactory, MailboxQuota } from './mailbox.ts'
import type { OffenderLimits } from './offenders.ts'
import type { CheckInOptions } from './sync-mailbox.ts'

/** Circuit relay v2 server limits. */
export interface RelayLimits {
  /** Concurrent reservations (browsers reachable through this anchor). Default 1024. */
  maxReservations: number
  /** How long a reservation lasts before the client must renew it, ms. Default 2 h. */
  reservationTtlMs: number
  /** Bytes per relayed connection, each direction. Default 128 KiB (docs/design.md §10). */
  defaultDataLimit: bigint
  /** Lifetime of one relayed connection, ms. Default 2 min (docs/design.md §10). */
  defaultDurationLimitMs: number
  /** Concurrent inbound HOP streams. Default 256. */
  maxInboundHopStreams: number
}

/** Everything `startAnchor` accepts; every field has a default. */
export interface AnchorConfig {
  /** Interface to listen on (WebSockets and HTTP). Default 127.0.0.1. */
  host?: string
  /** WebSocket port; 0 picks a free one. Default 0. */
  port?: number
  /** Public multiaddrs to announce (e.g. `/dns4/anchor.example/tcp/443/wss` behind a reverse proxy). */
  announce?: string[]
  /** Data directory (identity key, mailbox database). Undefined: a throwaway identity, no mailbox storage. */
  dataDir?: string
  /** HTTP interface; default `host`. */
  httpHost?: string
  /** HTTP port for /health (public); 0 picks a free one. Default 0. */
  httpPort?: number
  /** Interface of the /metrics listener. Default 127.0.0.1; any other needs `metricsToken`. */
  metricsHost?: string
  /** Port of the /metrics listener; 0 picks a free one. Default 0. */
  metricsPort?: number
  /** Bearer token required by /metrics (at least 16 characters); required off loopback. */
  metricsToken?: string
  /** Also export process metrics (RSS, CPU, event-loop lag). Default false (the CLI turns it on). */
  processMetrics?: boolean
  /** Caps per source IP (connections, relay reservations). */
  hostLimits?: Partial<HostLimits>
  /**
   * Strangers that send a bad frame, users past `userOffences` of them: cut, and their IP and peer
   * id refused for `coolDownMs` (default 60 s; 0 turns it off). See offenders.ts.
   */
  offenders?: Partial<OffenderLimits>
  /** Other anchors' multiaddrs (with /p2p/) handed out to new nodes (bootstrap). */
  knownAnchors?: string[]
  relay?: Partial<RelayLimits>
  /** libp2p connection cap. Default 2000. */
  maxConnections?: number
  /**
   * New connections accepted per second from one host. libp2p's default of 5 is far too low
   * behind a reverse proxy, where every connection comes from 127.0.0.1. Default 200. Real client
   * IPs also get the stricter HostLimits.newConnectionsPerHostPerSecond.
   */
  inboundPerHostPerSecond?: number
  /**
   * Connections still in their handshake at once; past it libp2p refuses every newcomer. Default
   * 256: 64 hosts at HostLimits.maxHandshakesPerHost (4) to fill it.
   */
  maxPendingConnections?: number
  recent?: RecentConnectionsInit
  quota?: Partial<MailboxQuota>
  logLevel?: LogLevel
  logSink?: LogSink
  /**
   * The STUN server (issue 18): UDP binding answers so browsers behind NAT learn their public
   * address. On unless `false`; interface default `host`, port default 0 (any free one; the CLI's
   * default is 3478).
   */
  stun?: false | { host?: string; port?: number }
  /** Check-in pacing and pull bounds of the default mailbox (ignored with `mailbox`). */
  checkIn?: CheckInOptions
  /** Builds the mailbox; default `syncMailbox()`: sync on `<dataDir>/mailbox.sqlite` (in memory without a data dir). */
  mailbox?: MailboxFactory
}

/** Defaults of RelayLimits. */
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxReservations: 1024,
  reservationTtlMs: 2 * 60 * 60 * 1000,
  defaultDataLimit: BigInt(128 * 1024),
  defaultDurationLimitMs: 2 * 60 * 1000,
  maxInboundHopStreams: 256,
}

/** Defaults of MailboxQuota. */
export const DEFAULT_QUOTA: MailboxQuota = {
  perAuthorBytes: 64 * 1024 * 1024,
  perAuthorPosts: 10_000,
  perRecipientBytes: 16 * 1024 * 1024,
  perRecipientPosts: 2_000,
  totalBytes: 8 * 1024 * 1024 * 1024,
  totalPosts: 2_000_000,
}

/** Default connection cap. */
export const DEFAULT_MAX_CONNECTIONS = 2000
/** Default inbound connections per host per second (see AnchorConfig.inboundPerHostPerSecond). */
export const DEFAULT_INBOUND_PER_HOST_PER_SECOND = 200
/** Default connections in their handshake at once. */
export const DEFAULT_MAX_PENDING_CONNECTIONS = 256

/** The listen multiaddr for `host:port` over WebSockets. */
export function listenAddr(host: string, port: number): string {
  return host.includes(':') ? `/ip6/${host}/tcp/${port}/ws` : `/ip4/${host}/tcp/${port}/ws`
}
