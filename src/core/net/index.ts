/** The network layer shared by browser and anchor (docs/design.md §5, §6, §10): libp2p assembly, peer knowledge, discovery. */

export {
  type AllocateOptions,
  allocateMeshSlots,
  type ConnectionClass,
  type ConnectionFacts,
  classifyConnection,
  compareCandidates,
  MESH_SLOT_TOTAL,
  MESH_SLOTS,
  type MeshAllocation,
  type MeshCandidate,
  pickEviction,
  type SocialTier,
  socialRank,
} from './connection-policy.ts'
export {
  createDistsocLibp2p,
  type DistsocLibp2p,
  type DistsocLibp2pOptions,
  type DistsocServices,
  iceServersConfig,
} from './create-libp2p.ts'
export {
  CASCADE_ORDER,
  type LocateContext,
  type Located,
  locatePeer,
  type PeerBook,
} from './discovery-cascade.ts'
export { decodeCbor, encodeFrame, FrameReader, writeFrame } from './frames.ts'
export {
  GROUP_HOLD_PROTOCOL,
  type GroupHoldServerDeps,
  holdGroupLogs,
  registerGroupHoldProtocol,
} from './group-hold-protocol.ts'
export {
  askGroupLogs,
  GROUP_SYNC_PROTOCOL,
  type GroupSyncServerDeps,
  registerGroupSyncProtocol,
} from './group-sync-protocol.ts'
export {
  askLocate,
  LOCATE_FRAME_BYTES,
  LOCATE_PROTOCOL,
  type LocateAnswer,
  type LocateLookup,
  type LocateRequest,
  type LocateServeOptions,
  parseLocateAnswer,
  parseLocateRequest,
  registerLocateProtocol,
} from './locate-protocol.ts'
export { type LogFields, type Logger, silentLogger } from './logger.ts'
export {
  NOTICE_FRAME_BYTES,
  NOTICE_PROTOCOL,
  type NoticeAck,
  type NoticeServerDeps,
  parseNoticeAck,
  registerNoticeProtocol,
  sendNotice,
} from './notice-protocol.ts'
export { type PeerHint, PeerHints, type PeerHintsInit } from './peer-hints.ts'
export { applyPeersMessage, type PeerKnowledgeSink } from './peer-knowledge.ts'
export {
  buildPeersMessage,
  PEERS_FRAME_BYTES,
  PEERS_LIMITS,
  PEERS_PROTOCOL,
  type PeerEntry,
  type PeersMessage,
  parsePeersMessage,
  type RoutingState,
} from './peers-message.ts'
export { exchangePeers, type PeersProtocolDeps, registerPeersProtocol } from './peers-protocol.ts'
export { RecentConnections, type RecentConnectionsInit, type RecentEntry } from './recent-connections.ts'
export { RequestBudget, type RequestBudgetInit } from './request-budget.ts'
export { type RequestHandler, requestOnce, type ServeOptions, serveRequests } from './request-response.ts'
export { type RejectHook, type RejectReason, refuse, rejectReasonOf } from './serve-frames.ts'
export { after, sleep } from './timers.ts'
export { isRecord } from './wire-checks.ts'
