/**
 * Which connected tab hosts WebRTC for the worker (docs/design.md §1). The first tab that says `hello`
 * hosts; when it goes away its connections are marked closed and the next ready tab (in the order
 * they attached) takes over, so libp2p can re-dial. While no tab hosts, the shim refuses to build
 * peer connections and the node keeps working over WebSocket and relayed circuits.
 */
import { HostLink } from './host-link.ts'
import { type RtcLogger, silentRtcLogger } from './logger.ts'

/** Public view of the current host. */
export interface RtcHostInfo {
  /** The name the tab's port was attached with. */
  name: string
  /** `Date.now()` when it became the host. */
  since: number
  /** Peer connections it hosts right now. */
  peerConnections: number
}

/** Options of the registry; the defaults suit a tab whose main thread may stall for a few seconds. */
export interface RtcHostRegistryOptions {
  /** How often the worker pings the host tab (ms, default 2000). */
  heartbeatMs?: number
  /** Silence after which the host tab is considered gone (ms, default 10000). */
  timeoutMs?: number
  /**
   * A peer connection that has not connected by then fails (ms, default 20000; issue 18): the
   * answering side of @libp2p/webrtc has no deadline of its own, and an ICE that never finds a
   * path would leave a WebRTC connection that carries nothing but hides the relayed one.
   */
  connectDeadlineMs?: number
  logger?: RtcLogger
}

/** Tracks the tabs that can host WebRTC and elects one. */
export class RtcHostRegistry {
  #links: HostLink[] = []
  #ports = new Map<MessagePort, HostLink>()
  #host: HostLink | undefined
  #since = 0
  #listeners = new Set<(host: RtcHostInfo | undefined) => void>()
  #opts: Required<RtcHostRegistryOptions>
  #count = 0

  constructor(options: RtcHostRegistryOptions = {}) {
    this.#opts = {
      heartbeatMs: options.heartbeatMs ?? 2000,
      timeoutMs: options.timeoutMs ?? 10_000,
      connectDeadlineMs: options.connectDeadlineMs ?? 20_000,
      logger: options.logger ?? silentRtcLogger,
    }
  }

  /** How long a new peer connection may take to connect before it fails (see the options). */
  get connectDeadlineMs(): number {
    return this.#opts.connectDeadlineMs
  }

  /** Adds a tab's dedicated WebRTC host port; it may host once the tab's `startWebRtcHost` says hello. */
  attach(port: MessagePort, name = `tab-${++this.#count}`): void {
    if (this.#ports.has(port)) return
    const link = new HostLink(port, {
      name,
      heartbeatMs: this.#opts.heartbeatMs,
      timeoutMs: this.#opts.timeoutMs,
      logger: this.#opts.logger,
      onChange: () => this.#elect(),
    })
    this.#links.push(link)
    this.#ports.set(port, link)
  }

  /** Removes a tab's port (e.g. the RPC layer saw the tab go); its connections are marked closed. */
  detach(port: MessagePort): void {
    this.#ports.get(port)?.kill('detached')
  }

  /** The current host, or undefined while no tab can host. */
  currentHost(): RtcHostInfo | undefined {
    const host = this.#host
    if (host === undefined) return undefined
    return { name: host.name, since: this.#since, peerConnections: host.peerConnections }
  }

  /** Calls `listener` whenever the host changes (undefined: no host). Returns an unsubscribe function. */
  onHostChange(listener: (host: RtcHostInfo | undefined) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** @internal The link new peer connections go to. */
  hostLink(): HostLink | undefined {
    return this.#host
  }

  #elect(): void {
    this.#links = this.#links.filter((link) => link.state !== 'dead')
    for (const [port, link] of this.#ports) if (link.state === 'dead') this.#ports.delete(port)
    if (this.#host?.state === 'ready') return
    const next = this.#links.find((link) => link.state === 'ready')
    if (next === this.#host) return
    this.#host = next
    this.#since = Date.now()
    this.#opts.logger.debug('webrtc-host-elected', { host: next?.name ?? 'none' })
    const info = this.currentHost()
    for (const listener of this.#listeners) listener(info)
  }
}
