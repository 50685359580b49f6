/**
 * The wire protocol between the worker's RTCPeerConnection shim and the tab's WebRTC host (docs/design.md §1).
 * It is layer-neutral (no DOM, no worker globals) because both sides import it: the worker sends
 * `WorkerToHost` commands, the tab answers with `HostToWorker` events. Every message is validated on
 * receipt by `parseWorkerToHost` / `parseHostToWorker`, which return a `ValidationError` and never throw.
 *
 * Life of a link: the tab says `hello` when it can host and `bye` on pagehide; the worker pings it
 * and, if it stops answering, forgets its connections and sends `reset` (the tab closes them all
 * and may say `hello` again).
 *
 * Handles: `pc` ids are allocated by the worker; `dc` ids are positive when the worker created the
 * channel and negative when the host announces a channel opened by the remote peer.
 */
import { type ErrorData, ValidationError } from '../errors.ts'

/** The subset of `RTCIceServer` forwarded to the host. */
export interface IceServerConfig {
  urls: string | string[]
  username?: string
  credential?: string
}

/** The subset of `RTCConfiguration` forwarded to the host (certificates stay with the host). */
export interface RtcConfig {
  iceServers?: IceServerConfig[]
  iceTransportPolicy?: 'all' | 'relay'
  bundlePolicy?: 'balanced' | 'max-bundle' | 'max-compat'
  iceCandidatePoolSize?: number
}

/** `RTCSessionDescriptionInit` without DOM types. */
export interface SessionDescriptionInit {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback'
  sdp?: string
}

/** `RTCIceCandidateInit` without DOM types. */
export interface IceCandidateInit {
  candidate?: string
  sdpMid?: string | null
  sdpMLineIndex?: number | null
  usernameFragment?: string | null
}

/** `RTCDataChannelInit` without DOM types. */
export interface DataChannelConfig {
  ordered?: boolean
  maxPacketLifeTime?: number
  maxRetransmits?: number
  protocol?: string
  negotiated?: boolean
  id?: number
}

/** The asynchronous `RTCPeerConnection` methods the shim forwards. */
export type PcCall =
  | 'createOffer'
  | 'createAnswer'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'addIceCandidate'

/** A snapshot of a peer connection's four state machines. */
export interface PcStates {
  connectionState: 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed'
  iceConnectionState: 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed'
  iceGatheringState: 'new' | 'gathering' | 'complete'
  signalingState:
    | 'stable'
    | 'have-local-offer'
    | 'have-remote-offer'
    | 'have-local-pranswer'
    | 'have-remote-pranswer'
    | 'closed'
}

/** An ICE candidate's type (RFC 8445 §5.1.1; `relay` is a TURN allocation). */
export type IceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay'

/** The candidate pair ICE selected, from the host's `getStats()` (issue 18: which path we got). */
export interface IcePath {
  local: IceCandidateType
  remote: IceCandidateType
  protocol: 'udp' | 'tcp'
}

/** Payload of one data channel message: binary data travels as a transferred ArrayBuffer. */
export type ChannelData = ArrayBuffer | string

/** Commands from the worker to the hosting tab. */
export type WorkerToHost =
  | { type: 'ping'; seq: number }
  | { type: 'reset' }
  | { type: 'pc.create'; pc: number; config: RtcConfig }
  | {
      type: 'pc.call'
      pc: number
      req: number
      call: PcCall
      arg: SessionDescriptionInit | IceCandidateInit | null
    }
  | { type: 'pc.close'; pc: number }
  | { type: 'dc.create'; pc: number; dc: number; label: string; init: DataChannelConfig }
  | { type: 'dc.send'; dc: number; data: ChannelData[] }
  | { type: 'dc.threshold'; dc: number; value: number }
  | { type: 'dc.close'; dc: number }

/** Description of a data channel, sent when the remote peer opens one. */
export interface ChannelInfo {
  label: string
  protocol: string
  id: number | null
  ordered: boolean
  negotiated: boolean
  maxPacketLifeTime: number | null
  maxRetransmits: number | null
  readyState: 'connecting' | 'open' | 'closing' | 'closed'
}

/** Events and replies from the hosting tab to the worker. */
export type HostToWorker =
  | { type: 'hello' }
  | { type: 'bye' }
  | { type: 'pong'; seq: number }
  | { type: 'pc.result'; req: number; ok: true; value: SessionDescriptionInit | null }
  | { type: 'pc.result'; req: number; ok: false; error: ErrorData }
  | ({ type: 'pc.state'; pc: number } & PcStates)
  | { type: 'pc.candidate'; pc: number; candidate: IceCandidateInit | null }
  | ({ type: 'pc.path'; pc: number } & IcePath)
  | { type: 'pc.datachannel'; pc: number; dc: number; info: ChannelInfo }
  | { type: 'dc.id'; dc: number; id: number }
  | { type: 'dc.open'; dc: number; id: number | null }
  | { type: 'dc.message'; dc: number; data: ChannelData }
  | { type: 'dc.buffered'; dc: number; acked: number; amount: number }
  | { type: 'dc.closing'; dc: number }
  | { type: 'dc.close'; dc: number }
  | { type: 'dc.error'; dc: number; error: ErrorData }

/** Transferables of a message: the ArrayBuffers it carries, so they move without a copy. */
export function transferablesOf(message: WorkerToHost | HostToWorker): ArrayBuffer[] {
  if (message.type === 'dc.send')
    return message.data.filter((d): d is ArrayBuffer => d instanceof ArrayBuffer)
  if (message.type === 'dc.message' && message.data instanceof ArrayBuffer) return [message.data]
  return []
}

type Rec = Record<string, unknown>

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInt = (v: unknown): v is number => Number.isSafeInteger(v)
const isNonNeg = (v: unknown): v is number => isInt(v) && v >= 0
const isStr = (v: unknown): v is string => typeof v === 'string'
const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
const optional =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | undefined =>
    v === undefined || check(v)
const nullable =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || check(v)
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as string[]).includes(v)
const isData = (v: unknown): v is ChannelData => v instanceof ArrayBuffer || typeof v === 'string'

function isIceServer(v: unknown): v is IceServerConfig {
  if (!isRec(v)) return false
  const urlsOk = isStr(v.urls) || (Array.isArray(v.urls) && v.urls.every(isStr))
  return urlsOk && optional(isStr)(v.username) && optional(isStr)(v.credential)
}

function isRtcConfig(v: unknown): v is RtcConfig {
  if (!isRec(v)) return false
  return (
    (v.iceServers === undefined || (Array.isArray(v.iceServers) && v.iceServers.every(isIceServer))) &&
    optional(oneOf('all', 'relay'))(v.iceTransportPolicy) &&
    optional(oneOf('balanced', 'max-bundle', 'max-compat'))(v.bundlePolicy) &&
    optional(isNonNeg)(v.iceCandidatePoolSize)
  )
}

function isSdp(v: unknown): v is SessionDescriptionInit {
  return isRec(v) && oneOf('offer', 'answer', 'pranswer', 'rollback')(v.type) && optional(isStr)(v.sdp)
}

function isCandidate(v: unknown): v is IceCandidateInit {
  return (
    isRec(v) &&
    optional(isStr)(v.candidate) &&
    optional(nullable(isStr))(v.sdpMid) &&
    optional(nullable(isNonNeg))(v.sdpMLineIndex) &&
    optional(nullable(isStr))(v.usernameFragment)
  )
}

function isChannelConfig(v: unknown): v is DataChannelConfig {
  return (
    isRec(v) &&
    optional(isBool)(v.ordered) &&
    optional(isNonNeg)(v.maxPacketLifeTime) &&
    optional(isNonNeg)(v.maxRetransmits) &&
    optional(isStr)(v.protocol) &&
    optional(isBool)(v.negotiated) &&
    optional(isNonNeg)(v.id)
  )
}

const isCandidateType = oneOf('host', 'srflx', 'prflx', 'relay')

const isChannelState = oneOf('connecting', 'open', 'closing', 'closed')

function isChannelInfo(v: unknown): v is ChannelInfo {
  return (
    isRec(v) &&
    isStr(v.label) &&
    isStr(v.protocol) &&
    nullable(isNonNeg)(v.id) &&
    isBool(v.ordered) &&
    isBool(v.negotiated) &&
    nullable(isNonNeg)(v.maxPacketLifeTime) &&
    nullable(isNonNeg)(v.maxRetransmits) &&
    isChannelState(v.readyState)
  )
}

const isErrorData = (v: unknown): v is ErrorData => isRec(v) && isStr(v.name) && isStr(v.message)

const isPcStates = (v: Rec): boolean =>
  oneOf('new', 'connecting', 'connected', 'disconnected', 'failed', 'closed')(v.connectionState) &&
  oneOf(
    'new',
    'checking',
    'connected',
    'completed',
    'disconnected',
    'failed',
    'closed',
  )(v.iceConnectionState) &&
  oneOf('new', 'gathering', 'complete')(v.iceGatheringState) &&
  oneOf(
    'stable',
    'have-local-offer',
    'have-remote-offer',
    'have-local-pranswer',
    'have-remote-pranswer',
    'closed',
  )(v.signalingState)

const isCall = oneOf(
  'createOffer',
  'createAnswer',
  'setLocalDescription',
  'setRemoteDescription',
  'addIceCandidate',
)

const workerChecks: Record<WorkerToHost['type'], (m: Rec) => boolean> = {
  ping: (m) => isNonNeg(m.seq),
  reset: () => true,
  'pc.create': (m) => isNonNeg(m.pc) && isRtcConfig(m.config),
  'pc.call': (m) =>
    isNonNeg(m.pc) &&
    isNonNeg(m.req) &&
    isCall(m.call) &&
    (m.arg === null || isSdp(m.arg) || isCandidate(m.arg)),
  'pc.close': (m) => isNonNeg(m.pc),
  'dc.create': (m) => isNonNeg(m.pc) && isInt(m.dc) && isStr(m.label) && isChannelConfig(m.init),
  'dc.send': (m) => isInt(m.dc) && Array.isArray(m.data) && m.data.every(isData),
  'dc.threshold': (m) => isInt(m.dc) && isNonNeg(m.value),
  'dc.close': (m) => isInt(m.dc),
}

const hostChecks: Record<HostToWorker['type'], (m: Rec) => boolean> = {
  hello: () => true,
  bye: () => true,
  pong: (m) => isNonNeg(m.seq),
  'pc.result': (m) =>
    isNonNeg(m.req) &&
    (m.ok === true ? m.value === null || isSdp(m.value) : m.ok === false && isErrorData(m.error)),
  'pc.state': (m) => isNonNeg(m.pc) && isPcStates(m),
  'pc.candidate': (m) => isNonNeg(m.pc) && (m.candidate === null || isCandidate(m.candidate)),
  'pc.datachannel': (m) => isNonNeg(m.pc) && isInt(m.dc) && isChannelInfo(m.info),
  'pc.path': (m) =>
    isNonNeg(m.pc) &&
    isCandidateType(m.local) &&
    isCandidateType(m.remote) &&
    oneOf('udp', 'tcp')(m.protocol),
  'dc.id': (m) => isInt(m.dc) && isNonNeg(m.id),
  'dc.open': (m) => isInt(m.dc) && nullable(isNonNeg)(m.id),
  'dc.message': (m) => isInt(m.dc) && isData(m.data),
  'dc.buffered': (m) => isInt(m.dc) && isNonNeg(m.acked) && isNonNeg(m.amount),
  'dc.closing': (m) => isInt(m.dc),
  'dc.close': (m) => isInt(m.dc),
  'dc.error': (m) => isInt(m.dc) && isErrorData(m.error),
}

function parseWith<T>(
  checks: Record<string, (m: Rec) => boolean>,
  data: unknown,
  side: string,
): T | InstanceType<typeof ValidationError> {
  if (!isRec(data) || !isStr(data.type)) return new ValidationError(`${side} message without a type`)
  const check = Object.hasOwn(checks, data.type) ? checks[data.type] : undefined
  if (check === undefined)
    return new ValidationError(`unknown ${side} message type ${data.type.slice(0, 40)}`)
  if (!check(data)) return new ValidationError(`malformed ${side} message ${data.type}`)
  return data as T
}

/** Validates a command received by the tab host; returns a `ValidationError` for anything else. */
export function parseWorkerToHost(data: unknown): WorkerToHost | InstanceType<typeof ValidationError> {
  return parseWith<WorkerToHost>(workerChecks, data, 'worker')
}

/** Validates an event received by the worker shim; returns a `ValidationError` for anything else. */
export function parseHostToWorker(data: unknown): HostToWorker | InstanceType<typeof ValidationError> {
  return parseWith<HostToWorker>(hostChecks, data, 'host')
}
