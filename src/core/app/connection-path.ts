/** Which path a libp2p connection takes, as Settings shows it (issue 4): direct WebRTC, relayed, or WebSocket. */
import type { ConnectionPath, IceCandidateType, IcePath, IceRoute } from '../api/index.ts'

/**
 * Classifies a connection by its remote multiaddr. A WebRTC connection set up through a relay keeps
 * the circuit in its address (`…/p2p-circuit/webrtc/p2p/<peer>`) but carries data directly.
 */
export function connectionPath(remoteAddr: string): ConnectionPath {
  if (/\/webrtc(\/|$)/.test(remoteAddr)) return 'webrtc'
  if (remoteAddr.includes('/p2p-circuit')) return 'relayed'
  if (/\/(ws|wss|tls\/ws)(\/|$)/.test(remoteAddr)) return 'websocket'
  return 'other'
}

/** The route of a selected candidate pair: TURN if either side is relayed, STUN if a NAT was crossed. */
export function iceRoute(path: IcePath): IceRoute {
  const sides: IceCandidateType[] = [path.local, path.remote]
  if (sides.includes('relay')) return 'turn'
  if (sides.includes('srflx') || sides.includes('prflx')) return 'stun'
  return 'direct'
}

/**
 * The route of a libp2p WebRTC connection, read from the peer connection under it (the worker's
 * shim exposes `icePath`, reported by the tab host's `getStats()`); undefined for anything else.
 */
export function connectionIceRoute(connection: unknown): IceRoute | undefined {
  const pc = (connection as { maConn?: { peerConnection?: { icePath?: unknown } } } | null)?.maConn
    ?.peerConnection
  const path = pc?.icePath as Partial<IcePath> | undefined
  if (typeof path?.local !== 'string' || typeof path.remote !== 'string') return undefined
  return iceRoute(path as IcePath)
}
