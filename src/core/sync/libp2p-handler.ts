/**
 * Glue between the sync sessions and libp2p 3 streams (docs/design.md §5, §10). One stream per pull: the
 * dialer is the requester; both peers pull from each other on separate streams. The requester's
 * identity is the connection's authenticated remote PeerId, never anything a frame says.
 */
import type { AbortOptions, Libp2p, PeerId, Stream } from '@libp2p/interface'
import {
  errorName,
  InvalidNodeIdError,
  SyncAbortedError,
  SyncBackoffError,
  SyncBusyError,
  SyncTimeoutError,
} from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import { boundedSource } from './bounded-source.ts'
import { type ByteStream, defaultTimers, type Timers } from './channel.ts'
import { encodeFrame } from './codec.ts'
import { openStream } from './open-stream.ts'
import type { PeerBackoff } from './peer-backoff.ts'
import type { PullBudget } from './pull-budget.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import type { SessionOptions, SyncResult, SyncSessionProgress } from './session-options.ts'
import { silentSyncLogger } from './session-options.ts'

/** The protocol id. */
export const SYNC_PROTOCOL = '/distsoc/sync/1.0.0'

/** Store, verifier and bounds shared by every session of a node. */
export interface SyncDeps extends SessionOptions {
  /** Called when a peer's session aborts through its fault (score it down, docs/design.md §9). */
  onPeerReject?: (peer: NodeId, reason: string) => void
  /** Called when a session this node serves fails, with the typed error (e.g. an anchor's quota refusal). */
  onServeError?: (peer: NodeId, err: Error) => void
  /** Progress of a pull from `peer` (the UI's sync bar, issue 12). */
  onSyncProgress?: (peer: NodeId, progress: SyncSessionProgress) => void
  /** Cool-downs of peers that keep sending refused items (issue 11); default none. */
  backoff?: PeerBackoff
}

/** Bounds on the pulls a node serves (issue 11: a hostile peer cannot pin streams or memory). */
export interface SyncServeLimits {
  /** Concurrent inbound sync streams per connection (libp2p `maxInboundStreams`); default 4. */
  maxInboundStreams?: number
  /** Whole-session deadline, ms: a session still running then is reset; default 120 s. */
  sessionDeadlineMs?: number
  /** Per-peer and global budget; a pull over it is refused with SyncBusyError at once. */
  budget?: PullBudget
  /** Called for every pull refused by the budget, with the reason (for metrics). */
  onBusy?: (peer: NodeId, reason: string) => void
}

/** Defaults of SyncServeLimits. */
export const SERVE_DEFAULTS = { maxInboundStreams: 4, sessionDeadlineMs: 120_000 } as const

/** What one pull asks for. */
export interface SyncWithPeerOptions {
  /** Authors to pull (your follows, and yourself to get your own posts back). */
  wants: readonly NodeId[]
  since?: number
  signal?: AbortOptions['signal']
  /** Whole-session deadline, ms: a responder still sending then is reset (a slow peer frees the slot). */
  deadlineMs?: number
  /** What must be held before the session's items are taken (`RequesterOptions.ready`). */
  ready?: PromiseLike<unknown>
}

/** Resets `stream` after `ms` unless the returned cancel function runs first. */
function resetAfter(stream: Stream, ms: number | undefined, timers: Timers): () => void {
  if (ms === undefined) return () => {}
  const handle = timers.setTimeout(() => {
    stream.abort(new SyncTimeoutError(`sync session longer than ${ms} ms`))
  }, ms)
  return () => timers.clearTimeout(handle)
}

/** How long a refused pull has to read its `error` frame before the stream is reset. */
const REFUSAL_GRACE_MS = 250

/**
 * Refuses a pull: an `error` frame the requester can read, then a reset REFUSAL_GRACE_MS later
 * whatever the requester does (a reset at once could overtake the frame inside the requester's
 * protocol negotiation; waiting for a graceful close could hold the stream for as long as it likes).
 */
function refuse(stream: Stream, err: Error, timers: Timers): void {
  try {
    stream.send(encodeFrame({ type: 'error', name: err.name, message: err.message.slice(0, 200) }))
  } catch {
    stream.abort(err)
    return
  }
  timers.setTimeout(() => stream.abort(err), REFUSAL_GRACE_MS)
}

/** A libp2p Stream as a ByteStream (back-pressure both ways: boundedSource, send + onDrain; abort for reset). */
export function streamAsByteStream(stream: Stream): ByteStream {
  return {
    source: boundedSource(stream),
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

/** Serves pulls from any peer, including over limited (relayed) connections, within `limits`. */
export async function registerSyncProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: SyncDeps,
  limits: SyncServeLimits = {},
): Promise<void> {
  const log = deps.logger ?? silentSyncLogger
  const timers = deps.timers ?? defaultTimers
  await libp2p.handle(
    SYNC_PROTOCOL,
    async (stream, connection) => {
      const requester = connection.remotePeer.toString() as NodeId
      if (connection.remotePeer.type !== 'Ed25519') {
        refuse(stream, new InvalidNodeIdError('sync needs an Ed25519 peer'), timers)
        return
      }
      const slot = limits.budget?.tryStart(requester) ?? { release: () => {} }
      if ('refused' in slot) {
        limits.onBusy?.(requester, slot.refused)
        refuse(stream, new SyncBusyError(`pull refused: ${slot.refused}`), timers)
        return
      }
      const cancel = resetAfter(stream, limits.sessionDeadlineMs ?? SERVE_DEFAULTS.sessionDeadlineMs, timers)
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
          error: errorName(err),
        })
        // whatever failed, nothing stays open: a reset now, with bytes still in flight or not
        stream.abort(err instanceof Error ? err : new SyncAbortedError('serving failed'))
        if (err instanceof Error) deps.onServeError?.(requester, err)
      } finally {
        cancel()
        slot.release()
      }
    },
    {
      runOnLimitedConnection: true,
      maxInboundStreams: limits.maxInboundStreams ?? SERVE_DEFAULTS.maxInboundStreams,
    },
  )
}

/**
 * Pulls the wanted authors from `peerId` over a new stream; throws the session's typed error. A
 * peer in cool-down (`deps.backoff`) is not dialled at all (SyncBackoffError) or its session is cut
 * after a few refused items; every pull's refusals are settled with the backoff afterwards.
 */
export async function syncWithPeer(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peerId: PeerId,
  deps: SyncDeps,
  options: SyncWithPeerOptions,
): Promise<SyncResult> {
  const peer = peerId.toString() as NodeId
  const gate = deps.backoff?.gate(peer) ?? { refused: false }
  if (gate.refused) {
    throw new SyncBackoffError(`${shortId(peer)} is in cool-down until ${new Date(gate.until).toISOString()}`)
  }
  const stream = await openStream(
    libp2p,
    peerId,
    SYNC_PROTOCOL,
    options.signal === undefined ? {} : { signal: options.signal },
  )
  const cancel = resetAfter(stream, options.deadlineMs, deps.timers ?? defaultTimers)
  let refusals = 0
  let cut = false
  try {
    return await runRequester(streamAsByteStream(stream), {
      ...deps,
      peer,
      wants: options.wants,
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.ready === undefined ? {} : { ready: options.ready }),
      ...(gate.maxRefusals === undefined ? {} : { maxRefusals: gate.maxRefusals }),
      onReject: (reason) => {
        refusals++
        deps.onPeerReject?.(peer, reason)
      },
      onProgress: (progress) => deps.onSyncProgress?.(peer, progress),
    })
  } catch (err) {
    cut = errorName(err) === 'SyncBackoffError'
    throw err
  } finally {
    cancel()
    deps.backoff?.settle(peer, refusals, cut)
  }
}
