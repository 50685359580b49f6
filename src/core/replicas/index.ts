/** Replica maps, passive liveness and the restoration cascade (issue 15; seed D-2 "replica maps + redundancy"). */

export {
  type CascadeAttempt,
  type CascadeNetwork,
  type CascadeOptions,
  type CascadeTier,
  cascadeCandidates,
  type RestorationResult,
  type RestorationSubject,
  restoreRedundancy,
} from './cascade.ts'
export {
  HOLDING_REPORT_DOMAIN,
  type HoldingReport,
  parseHoldingReport,
  signHoldingReport,
  verifyHoldingReport,
} from './holding-report.ts'
export type { HostingAnswer, HostingOffer, HostingPeers } from './hosting-offer.ts'
export { REPLICA_DEFAULTS, REPLICA_LIMITS } from './limits.ts'
export {
  answerProbe,
  bitAt,
  type CopyLookup,
  checkHeldAnswer,
  copyProof,
  type HeldCopy,
  type HeldVerdict,
  heldTag,
  proofWindow,
} from './liveness-proof.ts'
export {
  MAP_LEDGER_PEERS,
  type MapReceiverDeps,
  MapSender,
  type MapSenderDeps,
  receiveReplicaMaps,
} from './map-exchange.ts'
export { FOLLOWER_WINDOW_MS, RECENT_PULLERS, RecentPullers } from './recent-pullers.ts'
export {
  type HolderState,
  type RedundancyStatus,
  ReplicaBook,
  type ReplicaBookOptions,
  type ReplicaPolicy,
} from './replica-book.ts'
export {
  type PublicReplicaMap,
  parseHolders,
  parseReplicaMap,
  REPLICA_MAP_DOMAIN,
  type ReplicaMap,
  type SealedReplicaMap,
  signReplicaMap,
  verifyReplicaMap,
} from './replica-map.ts'
export {
  type MapMemory,
  mapMemoryRows,
  PULLER_WRITE_MS,
  type PullerMemory,
  pullerRows,
} from './replica-memory.ts'
export {
  keepReplicaMap,
  keptMapAt,
  keptReplicaMap,
  loadOwnHolders,
  lowRedundancyCount,
  redundancyOf,
  saveHolders,
} from './replica-rows.ts'
export { OUTBOX_PER_AUTHOR, type QueuedReport, ReportOutbox, reportOf } from './report-outbox.ts'
export {
  openReplicaMap,
  replicaMapKey,
  SEALED_MAP_KEY_CONTEXT,
  SEALED_MAP_VERSION,
  sealReplicaMap,
} from './sealed-map.ts'
export { type SyncLivenessDeps, syncLiveness } from './sync-liveness.ts'
