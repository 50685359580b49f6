/**
 * Installs the shim as the worker's `RTCPeerConnection`, `RTCSessionDescription` and
 * `RTCIceCandidate` globals. @libp2p/webrtc reads these globals once, when its module is evaluated
 * (`dist/src/webrtc/index.browser.js`), so install first and import the transport afterwards.
 */

import type { IceServerConfig, RtcConfig } from '../../core/api/index.ts'
import { NoWebRtcHostError } from '../../core/errors.ts'
import type { RtcHostRegistry } from './host-registry.ts'
import { ShimPeerConnection } from './shim-peer-connection.ts'
import { ShimIceCandidate, ShimSessionDescription } from './shim-values.ts'

/** The constructor installed as `RTCPeerConnection`: throws `NoWebRtcHostError` while no tab hosts. */
export type ShimPeerConnectionClass = new (config?: unknown) => ShimPeerConnection

/** Builds the `RTCPeerConnection` class bound to `registry`. */
export function createPeerConnectionClass(registry: RtcHostRegistry): ShimPeerConnectionClass {
  return class RTCPeerConnection extends ShimPeerConnection {
    constructor(config?: unknown) {
      const link = registry.hostLink()
      if (link === undefined) throw new NoWebRtcHostError('no tab is hosting WebRTC right now')
      const rtc = toRtcConfig(config)
      const handle = link.nextPcHandle()
      super(link, handle, rtc, registry.connectDeadlineMs)
      link.openPeerConnection(handle, this, rtc)
    }
  }
}

/**
 * Sets the shim classes on `target` (default `globalThis`) unless a native `RTCPeerConnection`
 * exists there. Returns true if installed. Call before `@libp2p/webrtc` is first imported.
 */
export function installRtcShim(registry: RtcHostRegistry, target: object = globalThis): boolean {
  const globals = target as Record<string, unknown>
  const existing = globals.RTCPeerConnection
  if (typeof existing === 'function' && !(existing.prototype instanceof ShimPeerConnection)) return false
  globals.RTCPeerConnection = createPeerConnectionClass(registry)
  globals.RTCSessionDescription = ShimSessionDescription
  globals.RTCIceCandidate = ShimIceCandidate
  return true
}

function toRtcConfig(config: unknown): RtcConfig {
  const out: RtcConfig = {}
  if (typeof config !== 'object' || config === null) return out
  const c = config as Record<string, unknown>
  if (Array.isArray(c.iceServers)) out.iceServers = c.iceServers.flatMap(toIceServer)
  if (c.iceTransportPolicy === 'all' || c.iceTransportPolicy === 'relay')
    out.iceTransportPolicy = c.iceTransportPolicy
  if (c.bundlePolicy === 'balanced' || c.bundlePolicy === 'max-bundle' || c.bundlePolicy === 'max-compat') {
    out.bundlePolicy = c.bundlePolicy
  }
  if (Number.isSafeInteger(c.iceCandidatePoolSize))
    out.iceCandidatePoolSize = c.iceCandidatePoolSize as number
  return out
}

function toIceServer(server: unknown): IceServerConfig[] {
  if (typeof server !== 'object' || server === null) return []
  const s = server as Record<string, unknown>
  const urls =
    typeof s.urls === 'string'
      ? s.urls
      : Array.isArray(s.urls)
        ? s.urls.filter((u) => typeof u === 'string')
        : undefined
  if (urls === undefined) return []
  const out: IceServerConfig = { urls }
  if (typeof s.username === 'string') out.username = s.username
  if (typeof s.credential === 'string') out.credential = s.credential
  return [out]
}
