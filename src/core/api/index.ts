/** The tab ↔ worker contract (docs/design.md §2): the only part of core the UI imports besides types. */

export { type ErrorData, errorFromData, errorToData, ValidationError } from '../errors.ts'
/** The branded ids and times the views carry. */
export type { BlobId, GroupId, GroupRole, Millis, NodeId, PostId } from '../model/index.ts'
/** The content limits both sides check (docs/design.md §4): the UI checks early, the worker decides. */
// deep import: the UI bundle takes the limits alone, not the model's crypto behind its index
export { LIMITS } from '../model/types.ts'
export type * from './rpc.ts'
export type * from './views.ts'
/** The tab ↔ worker WebRTC shim messages (docs/design.md §1): their types and the checks of each side. */
export {
  type ChannelData,
  type ChannelInfo,
  type DataChannelConfig,
  type HostToWorker,
  type IceCandidateInit,
  type IceCandidateType,
  type IcePath,
  type IceServerConfig,
  type PcCall,
  type PcStates,
  parseHostToWorker,
  parseWorkerToHost,
  type RtcConfig,
  type SessionDescriptionInit,
  transferablesOf,
  type WorkerToHost,
} from './webrtc-protocol.ts'
