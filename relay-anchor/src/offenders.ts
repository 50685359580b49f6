/**
 * Offenders at the anchor (issue 11, docs/design.md §6): a stranger whose session ends on a bad frame
 * (oversize, malformed, forged) is cut — its connections closed, with the other strangers' from its
 * IP — and for a cool-down its IP is refused before the noise handshake and its peer id right after
 * it, so a storm of bad frames costs the anchor one handshake per IP and cool-down, not one per
 * connection. A user (its profile here lists the anchor) is forgiven a few bad frames (a buggy
 * client) and cut like a stranger past `userOffences` in a window, so turning user is no way out.
 * Only established users — profile held for `establishedAfterMs`, no offence of their own in the
 * window — spare the IPs they connect from; exempt hosts (loopback behind a reverse proxy,
 * `--exempt-host`) are spared too. Five tables (refused IPs, refused peer ids, user IPs, new users,
 * users' offences), each bounded; past the bound the oldest entry goes, and a flood of new users
 * that evicts a young one makes no user established until that one would have been.
 */
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { NodeId } from '../../src/core/model/index.ts'
import type { RejectReason } from '../../src/core/net/index.ts'
import { hostOf } from './host-limits.ts'

/** Offender settings (AnchorConfig.offenders). */
export interface OffenderLimits {
  /** How long an offender's IP and peer id are refused, ms; 0 turns the whole feature off. Default 60 s. */
  coolDownMs: number
  /** Entries per table (refused IPs, refused peer ids, user IPs, new users, users' offences). Default 10,000. */
  maxEntries: number
  /** How long an IP an established user connected from stays spared, ms. Default 24 h. */
  userHostMs: number
  /**
   * A user is cut at this many offences within `userOffenceWindowMs` (default 3: one buggy frame of
   * an honest client, or two, are forgiven; a hostile user gets two per window).
   */
  userOffences: number
  /** The window of a user's offences, from its first; once cut, each new offence extends it. Default 10 min. */
  userOffenceWindowMs: number
  /**
   * A user spares its IP only once the anchor has held its profile this long, ms (default 1 h).
   * Far above the cool-down, so a stranger cannot turn user to spare its IP while it is refused, and
   * a profile is an hour's wait per IP, not a free pass; an honest newcomer's IP is spared after its
   * first hour (its own connections are never cut for a stranger's offence meanwhile).
   */
  establishedAfterMs: number
}

/** Defaults of OffenderLimits. */
export const DEFAULT_OFFENDER_LIMITS: OffenderLimits = {
  coolDownMs: 60_000,
  maxEntries: 10_000,
  userHostMs: 24 * 60 * 60 * 1000,
  userOffences: 3,
  userOffenceWindowMs: 10 * 60 * 1000,
  establishedAfterMs: 60 * 60 * 1000,
}

/**
 * Session-ending errors that only a broken or hostile peer causes (matched by name). Timeouts,
 * resets and busy refusals are not offences: a slow phone or a closed tab ends sessions that way.
 */
export const OFFENCES: ReadonlySet<string> = new Set([
  'FrameTooLargeError',
  'TooLargeError',
  'MalformedError',
  'UnexpectedFrameError',
  'ValidationError',
  'InvalidNodeIdError',
  'InvalidSignatureError',
  'IdMismatchError',
])

/**
 * The request/response protocols' reject reasons that are offences (a list of what counts, so a
 * reason added later is no offence until it is named here): a timeout or an unclassified failure
 * is not one.
 */
export const OFFENDING_REJECTS: ReadonlySet<RejectReason> = new Set(['too-large', 'malformed', 'invalid'])

/** An open connection as the offender table sees it (a libp2p Connection fits). */
export interface OffenderConnection {
  remotePeer: PeerId
  remoteAddr: Multiaddr
  /** Graceful close: `abort()` of a WebSocket connection leaves the socket open (ws refuses code 1006). */
  close(): Promise<void>
}

/** What Offenders needs from the anchor. */
export interface OffenderView {
  connections(): readonly OffenderConnection[]
  /** True if `peer` is a user of this anchor (its profile here lists it). */
  isUser(peer: NodeId): boolean
  /** True if the per-IP rules exempt `host` (loopback behind a proxy, `--exempt-host`). */
  isExemptHost(host: string): boolean
  /** Called once per connection cut, per connection refused, per offence of a user (metrics). */
  onCut?: () => void
  onRefused?: () => void
  onUserOffence?: () => void
}

/** A Map kept in insertion order, at most `max` entries, the oldest evicted first; each entry expires. */
class BoundedTable<K, V = true> {
  private readonly entries = new Map<K, { until: number; value: V }>()
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  get size(): number {
    return this.entries.size
  }

  /** Sets `key` to `value` until `until`, as the newest entry; returns the evicted entry's `until`, if any. */
  set(key: K, until: number, value: V): number | undefined {
    this.entries.delete(key)
    this.entries.set(key, { until, value })
    if (this.entries.size <= this.max) return undefined
    const [oldest, entry] = this.entries.entries().next().value as [K, { until: number }]
    this.entries.delete(oldest)
    return entry.until
  }

  /** The entry of `key` if it holds a time after `now`; an expired entry is dropped. */
  get(key: K, now: number): { until: number; value: V } | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined || entry.until > now) return entry
    this.entries.delete(key)
    return undefined
  }

  holds(key: K, now: number): boolean {
    return this.get(key, now) !== undefined
  }

  delete(key: K): void {
    this.entries.delete(key)
  }
}

/** The offender tables, the cut, and the connection gater that refuses offenders. */
export class Offenders {
  private readonly limits: OffenderLimits
  private readonly view: OffenderView
  private readonly now: () => number
  private readonly hosts: BoundedTable<string>
  private readonly peers: BoundedTable<string>
  private readonly userHosts: BoundedTable<string>
  /** Users whose profile is younger than `establishedAfterMs` here. */
  private readonly newUsers: BoundedTable<string>
  /** Users' offences in their window: the count. */
  private readonly userOffences: BoundedTable<string, number>
  /**
   * Until then no user missing from `newUsers` counts as established: a flood of new users evicted
   * one still young, which may have been any of them (so a flood makes the anchor stricter, not laxer).
   */
  private youngEvictedUntil = 0

  constructor(limits: OffenderLimits, view: OffenderView, now: () => number = Date.now) {
    this.limits = limits
    this.view = view
    this.now = now
    this.hosts = new BoundedTable(limits.maxEntries)
    this.peers = new BoundedTable(limits.maxEntries)
    this.userHosts = new BoundedTable(limits.maxEntries)
    this.newUsers = new BoundedTable(limits.maxEntries)
    this.userOffences = new BoundedTable(limits.maxEntries)
  }

  /** Sizes of the tables (tests, metrics). */
  get sizes(): { hosts: number; peers: number; userHosts: number; newUsers: number; userOffences: number } {
    return {
      hosts: this.hosts.size,
      peers: this.peers.size,
      userHosts: this.userHosts.size,
      newUsers: this.newUsers.size,
      userOffences: this.userOffences.size,
    }
  }

  /**
   * The anchor stored a profile of `peer` that lists it, and held none before: `peer` is a new user,
   * established after `establishedAfterMs`. (A profile held when the anchor started is established.)
   */
  listed(peer: NodeId): void {
    if (this.limits.coolDownMs <= 0) return
    const now = this.now()
    const evicted = this.newUsers.set(peer, now + this.limits.establishedAfterMs, true)
    if (evicted !== undefined && evicted > now)
      this.youngEvictedUntil = Math.max(this.youngEvictedUntil, evicted)
  }

  /**
   * True if `peer` is an established user: its profile here lists the anchor, has been held for
   * `establishedAfterMs`, and it has not offended in its window. Only these spare an IP.
   */
  isEstablished(peer: NodeId): boolean {
    const now = this.now()
    if (!this.view.isUser(peer) || this.userOffences.holds(peer, now)) return false
    return !this.newUsers.holds(peer, now) && now >= this.youngEvictedUntil
  }

  /** User `peer` was seen at `addrs`: if it is established, those IPs are spared for `userHostMs`. */
  userSeen(peer: NodeId, addrs: readonly Multiaddr[]): void {
    if (this.limits.coolDownMs <= 0 || !this.isEstablished(peer)) return
    const until = this.now() + this.limits.userHostMs
    for (const addr of addrs) {
      const host = hostOf(addr)
      if (host !== undefined) this.userHosts.set(host, until, true)
    }
  }

  /**
   * `peer` ended a session on a bad frame (see OFFENCES). A stranger is cut at once; a user at its
   * `userOffences`th offence in its window, and at each one after while it keeps offending. Cut:
   * its peer id and (unless spared) its IPs are refused for the cool-down, and its connections and
   * the other strangers' from those IPs are closed; a user cut spares no IP on its own account.
   * Returns how many connections it closed.
   */
  offended(peer: NodeId): number {
    if (this.limits.coolDownMs <= 0) return 0
    const now = this.now()
    if (this.view.isUser(peer)) {
      this.view.onUserOffence?.()
      const held = this.userOffences.get(peer, now)
      const count = (held?.value ?? 0) + 1
      const past = count >= this.limits.userOffences
      const until = past || held === undefined ? now + this.limits.userOffenceWindowMs : held.until
      this.userOffences.set(peer, until, count)
      if (!past) return 0
      for (const c of this.view.connections()) {
        if (c.remotePeer.toString() === peer) this.userHosts.delete(hostOf(c.remoteAddr) ?? '')
      }
    }
    return this.cut(peer, now)
  }

  /** True if `addr`'s IP is in its cool-down (before noise: no peer id yet). */
  refusesAddr(addr: Multiaddr): boolean {
    const host = hostOf(addr)
    return host !== undefined && this.hosts.holds(host, this.now())
  }

  /** True (and counted) if an inbound connection from `addr` is refused: its IP is in its cool-down. */
  refusesInbound(addr: Multiaddr): boolean {
    if (!this.refusesAddr(addr)) return false
    this.view.onRefused?.()
    return true
  }

  /** True if `peer` is in its cool-down and not an established user (one is forgiven at once). */
  refusesPeer(peer: NodeId): boolean {
    if (!this.peers.holds(peer, this.now())) return false
    if (!this.isEstablished(peer)) return true
    this.peers.delete(peer)
    return false
  }

  /**
   * `inner` (the per-host caps) with the offender checks in front: an IP in cool-down is refused
   * before `inner` counts a handshake for it, a peer id after `inner` has ended that count.
   */
  gater(inner: ConnectionGater): ConnectionGater {
    const refusePeer = (peer: PeerId): boolean => {
      if (!this.refusesPeer(peer.toString() as NodeId)) return false
      this.view.onRefused?.()
      return true
    }
    return {
      ...inner,
      denyInboundConnection: (maConn: MultiaddrConnection) =>
        this.refusesInbound(maConn.remoteAddr) || (inner.denyInboundConnection?.(maConn) ?? false),
      denyInboundEncryptedConnection: (peer: PeerId, maConn: MultiaddrConnection) => {
        const denied = inner.denyInboundEncryptedConnection?.(peer, maConn) ?? false
        if (denied instanceof Promise) return denied.then((d) => d || refusePeer(peer))
        return denied || refusePeer(peer)
      },
    }
  }

  /** Refuses `peer` and its IPs that may be refused; closes its connections and other strangers' there. */
  private cut(peer: NodeId, now: number): number {
    const until = now + this.limits.coolDownMs
    this.peers.set(peer, until, true)
    const open = this.view.connections()
    const refusedHosts = new Set<string>()
    for (const c of open) {
      if (c.remotePeer.toString() !== peer) continue
      const host = hostOf(c.remoteAddr)
      if (host !== undefined && this.mayRefuseHost(host, open, now)) refusedHosts.add(host)
    }
    for (const host of refusedHosts) this.hosts.set(host, until, true)
    let cut = 0
    for (const c of open) {
      const id = c.remotePeer.toString()
      const fromRefused = refusedHosts.has(hostOf(c.remoteAddr) ?? '')
      if (id !== peer && !(fromRefused && !this.view.isUser(id as NodeId))) continue
      cut++
      this.view.onCut?.()
      c.close().catch(() => {})
    }
    return cut
  }

  /**
   * An IP may be refused unless exempt, seen with an established user lately, or an established
   * user is connected from it now (the offender itself never is: it has just offended).
   */
  private mayRefuseHost(host: string, open: readonly OffenderConnection[], now: number): boolean {
    if (this.view.isExemptHost(host) || this.userHosts.holds(host, now)) return false
    return !open.some(
      (c) => hostOf(c.remoteAddr) === host && this.isEstablished(c.remotePeer.toString() as NodeId),
    )
  }
}
