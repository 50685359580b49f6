/**
 * Opening a protocol stream to a peer (docs/design.md §5, docs/protocol/webrtc.md "Circuit relay"):
 * libp2p's `dialProtocol` never reuses a limited (relayed) connection — it dials anew first, which
 * over a relay costs hundreds of milliseconds or fails. So a stream goes on a connection we
 * already hold, a direct one if there is one (bulk goes direct), else the relayed one; only
 * without any does it dial. Lives in core/sync because core/net builds on it too.
 */
import type { AbortOptions, Libp2p, PeerId, Stream } from '@libp2p/interface'

/** Opens `protocol` to `peer` on an open connection (direct first, else limited), else by dialling. */
export async function openStream(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId,
  protocol: string,
  options: AbortOptions = {},
): Promise<Stream> {
  const dialOptions = { ...options, runOnLimitedConnection: true }
  const open = libp2p.getConnections(peer).filter((c) => c.status === 'open')
  const connection = open.find((c) => c.limits === undefined) ?? open[0]
  return connection === undefined
    ? libp2p.dialProtocol(peer, protocol, dialOptions)
    : connection.newStream(protocol, dialOptions)
}
