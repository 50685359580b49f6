/**
 * Caps per source host at the anchor (issue 11): open connections, new connections per second,
 * connections still in their handshake and relay reservations per IP, as a libp2p connection
 * gater. The handshake cap keeps a few hosts from filling libp2p's global cap on pending
 * handshakes (`maxIncomingPendingConnections`), past which every newcomer, users too, is refused. The gater runs before the noise
 * handshake, so a refused connection costs the anchor next to nothing. Loopback is exempt by
 * default: behind a reverse proxy every client comes from 127.0.0.1, so a per-IP cap there would be
 * a cap on everyone. `exemptHosts` narrows the exemption to the IPs it lists (the proxy's).
 */
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Limits per source host. */
export interface HostLimits {
  /** Open connections from one IP. Default 64. */
  maxConnectionsPerHost: number
  /** New connections per second from one IP. Default 10. */
  newConnectionsPerHostPerSecond: number
  /** Relay reservations held by peers connected from one IP. Default 8. */
  maxReservationsPerHost: number
  /** Connections from one IP still in their handshake (noise, muxer) at once. Default 4. */
  maxHandshakesPerHost: number
  /** Apply the caps to 127.0.0.0/8 and ::1 too (tests; an anchor without a reverse proxy). Default false. */
  limitLoopback: boolean
  /**
   * The only IPs exempt from the caps (e.g. the reverse proxy's); when set, the rest of loopback is
   * capped like any host and `limitLoopback` is moot. Default unset: the loopback rule above.
   */
  exemptHosts?: readonly string[]
}

/** Defaults of HostLimits. */
export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxConnectionsPerHost: 64,
  newConnectionsPerHostPerSecond: 10,
  maxReservationsPerHost: 8,
  maxHandshakesPerHost: 4,
  limitLoopback: false,
}

/** The IP of a multiaddr, or undefined (e.g. a relayed address). */
export function hostOf(addr: Multiaddr): string | undefined {
  return addr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}

/** A source group for the recent cache: the IPv4 /24 or the IPv6 /48 of `host`. */
export function hostGroup(host: string | undefined): string {
  if (host === undefined) return ''
  if (host.includes(':')) return `${host.split(':').slice(0, 3).join(':')}::/48`
  return `${host.split('.').slice(0, 3).join('.')}.0/24`
}

function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '::1'
}

/** What the gater needs to know about the node (wired after libp2p starts). */
export interface HostLimitView {
  /** The remote address of each reservation holder. */
  reservationAddrs(): Iterable<Multiaddr>
  hasReservation(peer: PeerId): boolean
  /** Remote addresses of the open connections of `peer`. */
  addrsOf(peer: PeerId): Multiaddr[]
}

/** Per-host connection counts plus the gater that enforces HostLimits. */
export class HostLimiter {
  private readonly limits: HostLimits
  private readonly open = new Map<string, number>()
  private readonly fresh = new Map<string, number>()
  /** Hosts' connections in their handshake, and the host of each. */
  private readonly handshakes = new Map<string, number>()
  private readonly shaking = new Map<MultiaddrConnection, string>()
  private second = 0
  private view: HostLimitView | undefined
  private readonly onRefused: (what: 'connection' | 'reservation') => void

  constructor(limits: HostLimits, onRefused: (what: 'connection' | 'reservation') => void) {
    this.limits = limits
    this.onRefused = onRefused
  }

  /** Connects the limiter to the running node. */
  attach(view: HostLimitView): void {
    this.view = view
  }

  /** Counts an opened connection. */
  opened(addr: Multiaddr): void {
    const host = hostOf(addr)
    if (host !== undefined) this.open.set(host, (this.open.get(host) ?? 0) + 1)
  }

  /** Counts a closed connection. */
  closed(addr: Multiaddr): void {
    const host = hostOf(addr)
    if (host === undefined) return
    const left = (this.open.get(host) ?? 1) - 1
    if (left <= 0) this.open.delete(host)
    else this.open.set(host, left)
  }

  /** The connection gater. */
  gater(): ConnectionGater {
    return {
      denyInboundConnection: (maConn: MultiaddrConnection) => {
        const host = this.limited(hostOf(maConn.remoteAddr))
        if (host === undefined) return false
        const second = Math.floor(Date.now() / 1000)
        if (second !== this.second) {
          this.second = second
          this.fresh.clear()
        }
        const started = (this.fresh.get(host) ?? 0) + 1
        this.fresh.set(host, started)
        const open = this.open.get(host) ?? 0
        if (
          open < this.limits.maxConnectionsPerHost &&
          started <= this.limits.newConnectionsPerHostPerSecond &&
          (this.handshakes.get(host) ?? 0) < this.limits.maxHandshakesPerHost
        ) {
          this.handshakeStarted(maConn, host)
          return false
        }
        this.onRefused('connection')
        return true
      },
      denyInboundEncryptedConnection: (_peer: PeerId, maConn: MultiaddrConnection) => {
        this.handshakeEnded(maConn)
        return false
      },
      denyInboundRelayReservation: (peer: PeerId) => {
        const view = this.view
        if (view === undefined || view.hasReservation(peer)) return false
        const hosts = view.addrsOf(peer).map(hostOf)
        const host = this.limited(hosts.find((h) => h !== undefined))
        if (host === undefined) return false
        let held = 0
        for (const addr of view.reservationAddrs()) if (hostOf(addr) === host) held++
        if (held < this.limits.maxReservationsPerHost) return false
        this.onRefused('reservation')
        return true
      },
    }
  }

  private handshakeStarted(maConn: MultiaddrConnection, host: string): void {
    this.handshakes.set(host, (this.handshakes.get(host) ?? 0) + 1)
    this.shaking.set(maConn, host)
    // a handshake that fails or times out ends with its connection
    maConn.addEventListener('close', () => this.handshakeEnded(maConn), { once: true })
  }

  private handshakeEnded(maConn: MultiaddrConnection): void {
    const host = this.shaking.get(maConn)
    if (host === undefined) return
    this.shaking.delete(maConn)
    const left = (this.handshakes.get(host) ?? 1) - 1
    if (left <= 0) this.handshakes.delete(host)
    else this.handshakes.set(host, left)
  }

  /** True if the caps skip `host` (loopback behind a proxy, or one of `exemptHosts`). */
  isExempt(host: string): boolean {
    return this.limited(host) === undefined
  }

  private limited(host: string | undefined): string | undefined {
    if (host === undefined) return undefined
    const exempt = this.limits.exemptHosts
    if (exempt !== undefined) return exempt.includes(host) ? undefined : host
    return !this.limits.limitLoopback && isLoopback(host) ? undefined : host
  }
}
