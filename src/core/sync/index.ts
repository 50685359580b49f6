/** Sync protocol `/distsoc/sync/1.0.0` (docs/design.md §5): frames, codec, reconciliation, sessions, libp2p glue. */

export {
  ADMISSION_DEFAULTS,
  AdmissionBudget,
  type AdmissionLedger,
  type AdmissionLimits,
  type AdmissionPolicy,
  type AdmissionSession,
} from './admission.ts'
export {
  ANNOUNCE_DOMAIN,
  ANNOUNCE_MAX_BYTES,
  ANNOUNCE_TOPIC,
  type AnnounceChannel,
  type AnnounceRecord,
  announceMessage,
  decodeAnnouncement,
  encodeAnnouncement,
  NOTICE_DOMAIN,
  parseAnnouncement,
  type SignedAnnouncement,
  signAnnouncement,
  type VerifySignature,
  verifyAnnouncement,
} from './announce.ts'
export { ANNOUNCE_TOPIC_SCORE, announceTopicValidator, guardAnnounceTopic } from './announce-topic.ts'
export { isNews, type NewsSource } from './announcement-news.ts'
export { type ItemRef, mayReveal, recordSyncId } from './author-set.ts'
export { boundedSource, DEFAULT_MAX_BUFFERED_BYTES } from './bounded-source.ts'
export { type ByteStream, defaultTimers, FrameChannel, type Timers } from './channel.ts'
export { decodeFrameBody, encodeFrame, FrameDecoder, type FrameDecoderOptions, frameCap } from './codec.ts'
export {
  FRAME_LIMITS,
  type Frame,
  PROBE_NONCE_BYTES,
  PROOF_TAG_BYTES,
  validateFrame,
} from './frames.ts'
export {
  registerSyncProtocol,
  SERVE_DEFAULTS,
  SYNC_PROTOCOL,
  type SyncDeps,
  type SyncServeLimits,
  type SyncWithPeerOptions,
  syncWithPeer,
} from './libp2p-handler.ts'
export { nodeIdFromKey, nodeIdToKey } from './node-id-key.ts'
export { openStream } from './open-stream.ts'
export {
  BACKOFF_DEFAULTS,
  type BackoffEvent,
  type BackoffGate,
  type BackoffLedger,
  type BackoffLimits,
  type BackoffRow,
  PeerBackoff,
} from './peer-backoff.ts'
export { PullBudget, type PullBudgetInit, type PullRefusal } from './pull-budget.ts'
export {
  EMPTY_FINGERPRINT,
  fingerprint,
  type RangeItem,
  RECONCILE_DEFAULTS,
  type ReconcileOptions,
  reconcileStep,
  type SyncItem,
} from './reconcile.ts'
export { runRequester } from './requester.ts'
export { runResponder } from './responder.ts'
export type {
  HeldAnswer,
  ItemCounts,
  LivenessCheck,
  LivenessProbe,
  RequesterOptions,
  ResponderOptions,
  ResponderResult,
  SessionOptions,
  SyncLiveness,
  SyncLogger,
  SyncResult,
  SyncSessionProgress,
} from './session-options.ts'
export { FUTURE_HOLD_MS, SESSION_DEFAULTS } from './session-options.ts'
export { SyncScheduler } from './sync-scheduler.ts'
export type { Awaitable, PostKey, SyncStore, SyncVerifier } from './sync-store.ts'
