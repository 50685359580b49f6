/** Which path a libp2p connection takes, as Settings shows it (issue 4): direct WebRTC, relayed, or WebSocket. */
import type { ConnectionPath } from '../api/index.ts'

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
