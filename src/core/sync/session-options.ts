/**
 * Options and results of a sync session (docs/design.md §5). Bounds are injectable so tests can shrink
 * them; the defaults suit 10k-post histories.
 */
import type { Millis, NodeId } from '../model/index.ts'
import type { AdmissionPolicy } from './admission.ts'
import type { Timers } from './channel.ts'
import type { ReconcileOptions } from './reconcile.ts'
import type { Awaitable, SyncStore, SyncVerifier } from './sync-store.ts'

/** Fields attached to one log event. */
export type LogFields = Record<string, string | number | boolean | undefined>

/** A namespaced structured logger (same shape as the net layer's); never log keys or payloads. */
export interface SyncLogger {
  debug(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
}

/** A logger that drops everything. */
export const silentSyncLogger: SyncLogger = { debug() {}, warn() {} }

/** What both sides of a session need. */
export interface SessionOptions {
  store: SyncStore
  verifier: SyncVerifier
  /** Clock for timestamp checks (default Date.now). */
  now?: () => Millis
  /** Longest wait for the remote's next bytes (default 30 s). */
  timeoutMs?: number
  /** Longest life of a whole session, reads and writes alike (default 5 min). */
  deadlineMs?: number
  timers?: Timers
  /** Most turns of the requester per hello before the session gives up (default 16). */
  maxRounds?: number
  /** Most posts + profiles + deletes + blobs one session moves (default 50,000). */
  maxItems?: number
  reconcile?: ReconcileOptions
  logger?: SyncLogger
  /**
   * The requester's budget for posts by authors it did not ask for (message requests), shared by a
   * node's sessions; default: a fresh AdmissionBudget per session.
   */
  admission?: AdmissionPolicy
  /** Passive liveness riding on the session (issue 15): a `check` frame and its `held` answer. */
  liveness?: SyncLiveness
}

/** "Do you still hold these?": a fresh nonce and the post ids (32 bytes each) asked about. */
export interface LivenessProbe {
  nonce: Uint8Array
  ids: Uint8Array[]
}

/** The responder's answer to a probe: bit i (LSB first) set if it holds id i; a tag over the held ones. */
export interface HeldAnswer {
  bits: Uint8Array
  tag: Uint8Array
}

/** What a requester opens a session with: a probe, its self-reports, or both. */
export interface LivenessCheck {
  probe?: LivenessProbe
  /** Signed holding reports (records as CBOR maps). */
  reports?: Record<string, unknown>[]
}

/**
 * Liveness hooks of a node (implemented in `core/replicas`). The sync layer only carries the
 * bytes and bounds them; what a probe asks, proves and means is the replicas layer's.
 */
export interface SyncLiveness {
  /** Requester: the check to open a pull from `peer` with, if any. */
  check?(peer: NodeId): Awaitable<LivenessCheck | undefined>
  /** Requester: the responder's answer to our probe; a typed error here is the peer's fault (scored, the session goes on). */
  onHeld?(peer: NodeId, probe: LivenessProbe, answer: HeldAnswer): Awaitable<void>
  /** Responder: the answer to `requester`'s probe (only posts it could pull anyway count as held). */
  prove?(requester: NodeId, probe: LivenessProbe): Awaitable<HeldAnswer>
  /** Responder: `requester`'s self-reports, unverified. */
  onReports?(requester: NodeId, reports: readonly Record<string, unknown>[]): Awaitable<void>
  /** Responder: signed replica maps of its own posts for `requester` (who wants `wanted`), sent in its first turn. */
  maps?(requester: NodeId, wanted: ReadonlySet<NodeId>): Awaitable<readonly Record<string, unknown>[]>
  /** Requester: the responder's replica maps, unverified; a bad one is refused by the replicas layer, never the session. */
  onMaps?(peer: NodeId, maps: readonly Record<string, unknown>[]): Awaitable<void>
}

/** The side that pulls. */
export interface RequesterOptions extends SessionOptions {
  /** The authenticated remote peer, when known (liveness checks need it). */
  peer?: NodeId
  /** Authors to pull (include your own NodeId to get your posts back). */
  wants: readonly NodeId[]
  /** Only reconcile items created at or after this time. */
  since?: Millis
  /**
   * Fires with the error name for every item skipped through the peer's fault, and once when the
   * session aborts because of the peer (for scoring and metrics).
   */
  onReject?: (reason: string) => void
  /**
   * Refused items (skipped through the peer's fault) after which the session is cut with
   * SyncBackoffError: set for a peer in cool-down (PeerBackoff); default unlimited.
   */
  maxRefusals?: number
  /** After each stored batch and once at the end (`done`): how far the session is (issue 12). */
  onProgress?: (progress: SyncSessionProgress) => void
  /**
   * What must be held before any item of the session is taken (the group exchange, issue 14: a
   * group's records before its posts): the hello goes out and the responder's first frame is read
   * meanwhile (issue 12: the exchange and the responder's loading of its sets overlap); a rejection
   * ends the session with that error.
   */
  ready?: PromiseLike<unknown>
}

/** Progress of a pulling session: posts stored so far of those asked for (`wanted` grows by turn). */
export interface SyncSessionProgress {
  received: number
  wanted: number
  done: boolean
}

/** The side that serves. */
export interface ResponderOptions extends SessionOptions {
  /** The authenticated remote peer (from the connection, never from a frame). */
  requester: NodeId
  onReject?: (reason: string) => void
  /** Most authors over all hellos of one session (default 10,000). */
  maxAuthors?: number
}

/** Counts of stored items, by kind. */
export interface ItemCounts {
  posts: number
  blobs: number
  profiles: number
  deletes: number
  /** Held posts whose newer visibility was taken (seed D-2). */
  visibility: number
}

/** Outcome of a requester session. */
export interface SyncResult {
  received: ItemCounts
  /** Valid items not stored: tombstoned posts, stale profiles, duplicates, deletes of posts not held. */
  rejected: number
  /** Items skipped through the peer's fault, by error name (each also fired via `onReject`). */
  skipped: Record<string, number>
  /** Posts dated up to `FUTURE_HOLD_MS` ahead: not stored now, pulled again once their time is near. */
  deferred: number
  bytesIn: number
  bytesOut: number
  /** Requester turns answered by the responder. */
  roundTrips: number
}

/** Outcome of a responder session. */
export interface ResponderResult {
  sent: ItemCounts
  bytesIn: number
  bytesOut: number
  roundTrips: number
}

/** Defaults of SessionOptions. */
export const SESSION_DEFAULTS = {
  timeoutMs: 30_000,
  deadlineMs: 5 * 60_000,
  maxRounds: 16,
  maxItems: 50_000,
  maxAuthors: 10_000,
} as const

/**
 * How far ahead a post may be dated and still be waited for rather than scored (docs/design.md §5): the
 * model accepts 15 min of clock skew; up to 1 h it is left with the sender and pulled again later.
 */
export const FUTURE_HOLD_MS = 60 * 60_000

/** An empty ItemCounts. */
export function zeroCounts(): ItemCounts {
  return { posts: 0, blobs: 0, profiles: 0, deletes: 0, visibility: 0 }
}
