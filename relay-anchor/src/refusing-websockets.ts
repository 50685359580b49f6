/**
 * The anchor's WebSocket transport with a check at the door (issue 11, docs/design.md §6): a TCP
 * connection from an IP in its offender cool-down is destroyed as it is accepted, before its HTTP
 * upgrade request is read, the WebSocket handshake answered and libp2p's upgrader set up for it —
 * the connection gater (denyInboundConnection) refuses it only after all that. It wraps
 * @libp2p/websockets' listener method `onSocketConnection`, which the listener's TCP server (paused
 * on connect) calls for each accepted socket; offenders.test fails if a version stops calling it.
 */
import { isIPv6, type Socket } from 'node:net'
import type { Listener } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'

/** The listener as this file uses it: the method its TCP server calls per accepted socket. */
type AcceptingListener = Listener & { onSocketConnection?: (socket: Socket) => Promise<void> }

/** `webSockets()` whose listeners destroy, on accept, each socket whose remote address `refuses`. */
export function refusingWebSockets(refuses: (remote: Multiaddr) => boolean): ReturnType<typeof webSockets> {
  const make = webSockets()
  return (components) => {
    const transport = make(components)
    const createListener = transport.createListener.bind(transport)
    transport.createListener = (options) => {
      const listener = createListener(options) as AcceptingListener
      const accept = listener.onSocketConnection?.bind(listener)
      if (accept === undefined)
        throw new Error('@libp2p/websockets listener has no onSocketConnection to wrap')
      listener.onSocketConnection = async (socket) => {
        const ip = socket.remoteAddress
        if (
          ip !== undefined &&
          refuses(multiaddr(`/${isIPv6(ip) ? 'ip6' : 'ip4'}/${ip}/tcp/${socket.remotePort ?? 0}`))
        ) {
          socket.destroy()
          return
        }
        await accept(socket)
      }
      return listener
    }
    return transport
  }
}
