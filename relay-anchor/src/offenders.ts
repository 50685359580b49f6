/**
 * Offenders at the anchor (issue 11, docs/design.md §6): a stranger whose session ends on a bad frame
 * (oversize, malformed, forged) is cut — its connections closed, with the other strangers' from its
 * IP — and for a cool-down its IP is refused before the noise handshake and its peer id right after
 * it, so a storm of bad frames costs the anchor one handshake per IP and cool-down, not one per
 * connection. Users of this anchor, the IPs they connect from and exempt hosts (loopback behind a
 * reverse proxy, `--exempt-host`) are spared: an IP is never refused while a user was seen there.
 * Three tables (refused IPs, refused peer ids, user IPs), each bounded; past the bound the oldest
 * entry goes.
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
  /** Entries per table (refused IPs, refused peer ids, user IPs). Default 10,000. */
  maxEntries: number
  /** How long an IP a user connected from stays spared, ms. Default 24 h. */
  userHostMs: number
}

/** Defaults of OffenderLimits. */
export const DEFAULT_OFFENDER_LIMITS: OffenderLimits = {
  coolDownMs: 60_000,
  maxEntries: 10_000,
  userHostMs: 24 * 60 * 60 * 1000,
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
  /** Called once per connection cut and once per connection refused (metrics). */
  onCut?: () => void
  onRefused?: () => void
}

/** A Map kept in insertion order, at most `max` entries, the oldest evicted first. */
class BoundedTable<K> {
  private readonly entries = new Map<K, number>()
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  get size(): number {
    return this.entries.size
  }

  /** Sets `key` to `until`, as the newest entry. */
  set(key: K, until: number): void {
    this.entries.delete(key)
    this.entries.set(key, until)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K)
  }

  /** True if `key` holds a time after `now`; an expired entry is dropped. */
  holds(key: K, now: number): boolean {
    const until = this.entries.get(key)
    if (until === undefined) return false
    if (until > now) return true
    this.entries.delete(key)
    return false
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

  constructor(limits: OffenderLimits, view: OffenderView, now: () => number = Date.now) {
    this.limits = limits
    this.view = view
    this.now = now
    this.hosts = new BoundedTable(limits.maxEntries)
    this.peers = new BoundedTable(limits.maxEntries)
    this.userHosts = new BoundedTable(limits.maxEntries)
  }

  /** Sizes of the three tables (tests, metrics). */
  get sizes(): { hosts: number; peers: number; userHosts: number } {
    return { hosts: this.hosts.size, peers: this.peers.size, userHosts: this.userHosts.size }
  }

  /** A user was seen at `addrs`: those IPs are spared for `userHostMs`. */
  userSeen(addrs: readonly Multiaddr[]): void {
    if (this.limits.coolDownMs <= 0) return
    const until = this.now() + this.limits.userHostMs
    for (const addr of addrs) {
      const host = hostOf(addr)
      if (host !== undefined) this.userHosts.set(host, until)
    }
  }

  /**
   * `peer` ended a session on a bad frame (see OFFENCES). If it is a stranger, its peer id and
   * (unless spared) its IPs are refused for the cool-down, and its connections and the other
   * strangers' from those IPs are closed. Returns how many connections it closed.
   */
  offended(peer: NodeId): number {
    if (this.limits.coolDownMs <= 0 || this.view.isUser(peer)) return 0
    const now = this.now()
    const until = now + this.limits.coolDownMs
    this.peers.set(peer, until)
    const open = this.view.connections()
    const refusedHosts = new Set<string>()
    for (const c of open) {
      if (c.remotePeer.toString() !== peer) continue
      const host = hostOf(c.remoteAddr)
      if (host !== undefined && this.mayRefuseHost(host, open, now)) refusedHosts.add(host)
    }
    for (const host of refusedHosts) this.hosts.set(host, until)
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

  /** True if `addr`'s IP is in its cool-down (before noise: no peer id yet). */
  refusesAddr(addr: Multiaddr): boolean {
    const host = hostOf(addr)
    return host !== undefined && this.hosts.holds(host, this.now())
  }

  /** True if `peer` is in its cool-down and still no user (a user is forgiven at once). */
  refusesPeer(peer: NodeId): boolean {
    if (!this.peers.holds(peer, this.now())) return false
    if (!this.view.isUser(peer)) return true
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
      denyInboundConnection: (maConn: MultiaddrConnection) => {
        if (!this.refusesAddr(maConn.remoteAddr)) return inner.denyInboundConnection?.(maConn) ?? false
        this.view.onRefused?.()
        return true
      },
      denyInboundEncryptedConnection: (peer: PeerId, maConn: MultiaddrConnection) => {
        const denied = inner.denyInboundEncryptedConnection?.(peer, maConn) ?? false
        if (denied instanceof Promise) return denied.then((d) => d || refusePeer(peer))
        return denied || refusePeer(peer)
      },
    }
  }

  /** An IP may be refused unless exempt, seen with a user lately, or a user is connected from it now. */
  private mayRefuseHost(host: string, open: readonly OffenderConnection[], now: number): boolean {
    if (this.view.isExemptHost(host) || this.userHosts.holds(host, now)) return false
    return !open.some(
      (c) => hostOf(c.remoteAddr) === host && this.view.isUser(c.remotePeer.toString() as NodeId),
    )
  }
}
