/**
 * Hosting and reciprocity (issue 15; docs/design.md §12, docs/protocol/hosting.md): the 3× quota
 * measured from storage, the hosting gate, `/distsoc/host/1.0.0` (ask a peer to hold a post, with
 * a typed refusal) and pins (anchor pin / fork pin) outside the quota.
 */

export { type ForkCopy, forkCopies, forkCopy, restoreForkCopy } from './fork-copies.ts'
export { askToHost, type HostOutcome, type OpenOffer, offerToHost, refusalError } from './host-client.ts'
export {
  type AnswerFrame,
  HOST_FRAME_BYTES,
  type HostBlobFrame,
  type OfferFrame,
  parseAnswer,
  parseHostBlob,
  parseOffer,
  parseStored,
  type RefusalReason,
  type StoredFrame,
} from './host-frames.ts'
export {
  HOST_EXCHANGE_MS,
  HOST_PROTOCOL,
  type HostServerDeps,
  type HostStore,
  registerHostProtocol,
} from './host-server.ts'
export type { HostingDecision, HostingGate, HostingReservation } from './hosting-gate.ts'
export { type HostingNetwork, type HostingPeersDeps, hostingPeers, OPEN_OFFERS } from './hosting-peers.ts'
export { type HostingUsage, measureHosting } from './hosting-usage.ts'
export { localHostingGate, STARTER_BYTES_SETTING, starterBytes } from './local-gate.ts'
export {
  checkPinMode,
  heldForOthers,
  listPins,
  type Pin,
  type PinMode,
  pinOf,
  pinPost,
  unpinPost,
} from './pins.ts'
export { POST_COST_SQL, postCost } from './post-cost.ts'
export { DEFAULT_STARTER_BYTES, fitsQuota, hostingQuota, QUOTA_FACTOR } from './quota-rule.ts'
