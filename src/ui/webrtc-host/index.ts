/**
 * The tab's WebRTC host (docs/design.md §1): `startWebRtcHost(port)` serves the worker's RTCPeerConnection
 * shim over a dedicated MessagePort, says `hello` so the worker may elect this tab, and `bye` on
 * pagehide (a tab restored from the back/forward cache says `hello` again).
 */
import { WebRtcHost, type WebRtcHostLogger, type WebRtcHostOptions } from './webrtc-host.ts'

export type { WebRtcHostLogger, WebRtcHostOptions }

/** A running host. */
export interface WebRtcHostHandle {
  /** Real peer connections alive in this tab. */
  readonly peerConnections: number
  /** Says bye to the worker, closes every connection and stops serving the port. */
  stop(): void
}

/** Serves the worker's WebRTC shim from this tab over `port` until `stop()` or pagehide. */
export function startWebRtcHost(port: MessagePort, options: WebRtcHostOptions = {}): WebRtcHostHandle {
  const host = new WebRtcHost(port, options)
  const onPageHide = (): void => host.bye()
  const onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) host.hello()
  }
  const win = typeof window === 'undefined' ? undefined : window
  win?.addEventListener('pagehide', onPageHide)
  win?.addEventListener('pageshow', onPageShow)
  host.hello()
  return {
    get peerConnections() {
      return host.peerConnections
    },
    stop() {
      win?.removeEventListener('pagehide', onPageHide)
      win?.removeEventListener('pageshow', onPageShow)
      host.stop()
    },
  }
}
