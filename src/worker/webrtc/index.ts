/**
 * The worker side of WebRTC-through-the-tab (docs/design.md §1): an `RTCPeerConnection` shim whose real
 * connections live in a hosting tab, so the stock @libp2p/webrtc transport runs in the SharedWorker.
 *
 * ```ts
 * const rtcHosts = new RtcHostRegistry({ logger })
 * installRtcShim(rtcHosts)                              // before @libp2p/webrtc is evaluated
 * const { webRTC } = await import('@libp2p/webrtc')
 * // per tab: rtcHosts.attach(port, tabName) — the tab calls startWebRtcHost(otherPort)
 * ```
 */

export type { HostToWorker, WorkerToHost } from '../../core/api/index.ts'
export { type RtcHostInfo, RtcHostRegistry, type RtcHostRegistryOptions } from './host-registry.ts'
export { createPeerConnectionClass, installRtcShim, type ShimPeerConnectionClass } from './install.ts'
export type { RtcLogger } from './logger.ts'
