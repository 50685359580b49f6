/**
 * Glue between the sync sessions and libp2p 3 streams (DESIGN §5, §10). One stream per pull: the
 * dialer is the requester; both peers pull from each other on separate streams. The requester's
 * identity is the connection's authenticated remote PeerId, never anything a frame says.
 */
import type { AbortOptions, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { InvalidNodeIdError } from '../errors.ts'
import type { NodeId } from '../model/types.ts'
import type { ByteStream } from './channel.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import type { SessionOptions, SyncResult } from './session-options.ts'
import { silentSyncLogger } from './session-options.ts'

/** The protocol id. */
export const SYNC_PROTOCOL = '/distsoc/sync/1.0.0'

/** Store, verifier and bounds shared by every session of a node. */
export interface SyncDeps extends SessionOptions {
  /** Called when a peer's session aborts through its fault (score it down, DESIGN §9). */
  onPeerReject?: (peer: NodeId, reason: string) => void
}

/** What one pull asks for. */
export interface SyncWithPeerOptions {
  /** Authors to pull (your follows, and yourself to get your own posts back). */
  wants: readonly NodeId[]
  since?: number
  signal?: AbortOptions['signal']
}

/** A libp2p Stream as a ByteStream (send + onDrain for back-pressure, abort for reset). */
export function streamAsByteStream(stream: Stream): ByteStream {
  return {
    source: stream,
    async write(bytes) {
      if (!stream.send(bytes)) await stream.onDrain()
    },
    async close() {
      await stream.close()
    },
    abort(err) {
      stream.abort(err)
    },
  }
}

function shortId(peer: string): string {
  return peer.slice(-8)
}

/** Serves pulls from any peer, including over limited (relayed) connections. */
export async function registerSyncProtocol(libp2p: Pick<Libp2p, 'handle'>, deps: SyncDeps): Promise<void> {
  const log = deps.logger ?? silentSyncLogger
  await libp2p.handle(
    SYNC_PROTOCOL,
    async (stream, connection) => {
      const requester = connection.remotePeer.toString() as NodeId
      if (connection.remotePeer.type !== 'Ed25519') {
        stream.abort(new InvalidNodeIdError('sync needs an Ed25519 peer'))
        return
      }
      try {
        const result = await runResponder(streamAsByteStream(stream), {
          ...deps,
          requester,
          onReject: (reason) => deps.onPeerReject?.(requester, reason),
        })
        log.debug('sync:served', {
          peer: shortId(requester),
          posts: result.sent.posts,
          rounds: result.roundTrips,
        })
      } catch (err) {
        log.warn('sync:serve-failed', {
          peer: shortId(requester),
          error: err instanceof Error ? err.name : 'unknown',
        })
      }
    },
    { runOnLimitedConnection: true },
  )
}

/** Pulls the wanted authors from `peerId` over a new stream; throws the session's typed error. */
export async function syncWithPeer(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peerId: PeerId,
  deps: SyncDeps,
  options: SyncWithPeerOptions,
): Promise<SyncResult> {
  const dialOptions =
    options.signal === undefined
      ? { runOnLimitedConnection: true }
      : { runOnLimitedConnection: true, signal: options.signal }
  // libp2p's dialProtocol never reuses a limited (relayed) connection: open the stream on an
  // existing connection ourselves, a direct one if there is one (DESIGN §5: bulk sync goes direct).
  const open = libp2p.getConnections(peerId).filter((c) => c.status === 'open')
  const connection = open.find((c) => c.limits === undefined) ?? open[0]
  const stream =
    connection === undefined
      ? await libp2p.dialProtocol(peerId, SYNC_PROTOCOL, dialOptions)
      : await connection.newStream(SYNC_PROTOCOL, dialOptions)
  const peer = peerId.toString() as NodeId
  return runRequester(streamAsByteStream(stream), {
    ...deps,
    wants: options.wants,
    ...(options.since === undefined ? {} : { since: options.since }),
    onReject: (reason) => deps.onPeerReject?.(peer, reason),
  })
}
