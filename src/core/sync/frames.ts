/**
 * The frames of `/distsoc/sync/1.0.0` (docs/design.md §5): a discriminated union on `type`, and one strict
 * hand-written validator per frame (exact keys, exact types, capped lengths). Signed records inside
 * `post` / `profile` / `delete` frames are only checked to be maps here; the SyncVerifier checks
 * them fully before anything is stored.
 */
import { MalformedError, TooLargeError, UnexpectedFrameError } from '../errors.ts'
import { LIMITS } from '../model/index.ts'
import type { WireRange } from './range-wire.ts'
import { FINGERPRINT_BYTES, ID_BYTES } from './reconcile.ts'

/** Per-frame caps on counts (the byte caps are LIMITS.controlFrameBytes / blobFrameBytes). */
export const FRAME_LIMITS = {
  authorsPerHello: 1000,
  entriesPerRanges: 1000,
  rangesPerEntry: 1024,
  idsPerWant: 1024,
  idsPerList: 1024,
  blobsPerWant: 64,
  errorNameChars: 64,
  errorMessageChars: 1024,
  /** Post ids one liveness probe asks about (issue 15). */
  idsPerProbe: 1024,
  /** Signed self-reports (holding reports) one `check` frame carries (issue 15). */
  reportsPerCheck: 64,
  /** Signed replica maps one `maps` frame carries (issue 15). */
  mapsPerFrame: 16,
} as const

/** Bytes of a liveness probe's nonce. */
export const PROBE_NONCE_BYTES = 32
/** Bytes of a liveness proof tag. */
export const PROOF_TAG_BYTES = 16

/** Opening frame of the requester: the authors it wants, each with its fingerprint of them. */
export interface HelloFrame {
  type: 'hello'
  v: 1
  /** Only items created at or after this time (ms) are reconciled. */
  since?: number
  /** `[author Ed25519 key (32 bytes), fingerprint (16 bytes)]` per wanted author. */
  wants: [Uint8Array, Uint8Array][]
}
/** Reconciliation messages, per author; entries for one author within a turn concatenate. */
export interface RangesFrame {
  type: 'ranges'
  entries: [Uint8Array, WireRange[]][]
}
/** Item ids (posts, profiles, deletes) the requester lacks. */
export interface WantFrame {
  type: 'want'
  ids: Uint8Array[]
}
/** Blob ids (BLAKE3 bytes) the requester lacks. */
export interface WantBlobsFrame {
  type: 'want-blobs'
  ids: Uint8Array[]
}
/** A signed post, unverified. */
export interface PostFrame {
  type: 'post'
  post: Record<string, unknown>
}
/** A signed profile, unverified. */
export interface ProfileFrame {
  type: 'profile'
  profile: Record<string, unknown>
}
/** A signed private profile version (issue 14, docs/protocol/private-profile.md), unverified. */
export interface ProfileVersionFrame {
  type: 'profile-version'
  version: Record<string, unknown>
}
/** A signed delete request (tombstone), unverified. */
export interface DeleteFrame {
  type: 'delete'
  delete: Record<string, unknown>
}
/** A blob and its claimed BLAKE3 id. */
export interface BlobFrame {
  type: 'blob'
  id: Uint8Array
  bytes: Uint8Array
}
/** End of a turn: the peer may now answer. */
export interface OverFrame {
  type: 'over'
}
/** The requester ends the session. */
export interface DoneFrame {
  type: 'done'
}
/**
 * Passive liveness (issue 15): the requester's optional first frame, before its first hello. `probe`
 * asks "do you still hold these posts?" (`[nonce, ids]`); `reports` are its signed self-reports of
 * storing or dropping posts, unverified here.
 */
export interface CheckFrame {
  type: 'check'
  probe?: [Uint8Array, Uint8Array[]]
  reports?: Record<string, unknown>[]
}
/**
 * The responder's answer to a probe, in its first turn: bit i (LSB first) set if it holds probed id
 * i, and a tag that proves it over the held ones (docs/protocol/replicas.md).
 */
export interface HeldFrame {
  type: 'held'
  nonce: Uint8Array
  bits: Uint8Array
  tag: Uint8Array
}
/**
 * Replica maps (issue 15): the responder's optional frame in its first turn, the signed maps of
 * its own posts the requester may read (sealed for an encrypted post), unverified here.
 */
export interface MapsFrame {
  type: 'maps'
  maps: Record<string, unknown>[]
}
/** A peer reports why it gives up. */
export interface ErrorFrame {
  type: 'error'
  name: string
  message: string
}

/** Every frame of the protocol. */
export type Frame =
  | HelloFrame
  | RangesFrame
  | WantFrame
  | WantBlobsFrame
  | PostFrame
  | ProfileFrame
  | ProfileVersionFrame
  | DeleteFrame
  | BlobFrame
  | OverFrame
  | DoneFrame
  | ErrorFrame
  | CheckFrame
  | HeldFrame
  | MapsFrame

/** Frame types that may use the bulk cap (LIMITS.blobFrameBytes); all others are control frames. */
export const BULK_FRAME_TYPES: ReadonlySet<Frame['type']> = new Set(['blob', 'post', 'profile-version'])

type Obj = Record<string, unknown>

function isObject(value: unknown): value is Obj {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}

function keysExactly(obj: Obj, required: readonly string[], optional: readonly string[] = []): void {
  for (const key of required) if (!(key in obj)) throw new MalformedError(`missing ${key}`)
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) throw new MalformedError(`unexpected key ${key}`)
  }
}

function bytes(value: unknown, length: number | undefined, what: string, max = length): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new MalformedError(`${what} must be bytes`)
  if (length !== undefined && value.length !== length)
    throw new MalformedError(`${what} must be ${length} bytes`)
  if (max !== undefined && value.length > max) throw new MalformedError(`${what} too long`)
  return value
}

function list(value: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedError(`${what} must be an array`)
  if (value.length > max) throw new MalformedError(`${what}: more than ${max}`)
  return value as unknown[]
}

function idList(value: unknown, max: number, what: string): Uint8Array[] {
  return list(value, max, what).map((id) => bytes(id, ID_BYTES, what))
}

function wireRange(value: unknown): WireRange {
  const t = list(value, 3, 'range')
  if (t.length !== 3) throw new MalformedError('a range is a 3-tuple')
  const [delta, prefix, payload] = t
  if (delta !== null && !(typeof delta === 'number' && Number.isSafeInteger(delta) && delta >= 0)) {
    throw new MalformedError('range delta must be a non-negative integer or null')
  }
  bytes(prefix, undefined, 'range prefix', ID_BYTES)
  if (payload !== null) {
    if (payload instanceof Uint8Array) bytes(payload, FINGERPRINT_BYTES, 'fingerprint')
    else idList(payload, FRAME_LIMITS.idsPerList, 'id list')
  }
  return t as WireRange
}

function record(value: unknown, what: string): Obj {
  if (!isObject(value)) throw new MalformedError(`${what} must be a map`)
  return value
}

function text(value: unknown, max: number, what: string): string {
  if (typeof value !== 'string' || value.length > max) throw new MalformedError(`bad ${what}`)
  return value
}

/**
 * Checks a decoded CBOR value against the frame schemas. Throws UnexpectedFrameError for an unknown
 * `type`, MalformedError for anything else that does not match exactly.
 */
export function validateFrame(value: unknown): Frame {
  if (!isObject(value)) throw new MalformedError('a frame is a map')
  const type = value['type']
  switch (type) {
    case 'hello': {
      keysExactly(value, ['type', 'v', 'wants'], ['since'])
      if (value['v'] !== 1) throw new MalformedError('unsupported hello version')
      const since = value['since']
      if (since !== undefined && !(typeof since === 'number' && Number.isSafeInteger(since) && since >= 0)) {
        throw new MalformedError('since must be a non-negative integer')
      }
      const wants = list(value['wants'], FRAME_LIMITS.authorsPerHello, 'wants').map((w) => {
        const pair = list(w, 2, 'want')
        if (pair.length !== 2) throw new MalformedError('a want is [author, fingerprint]')
        return [bytes(pair[0], 32, 'author'), bytes(pair[1], FINGERPRINT_BYTES, 'fingerprint')]
      }) as [Uint8Array, Uint8Array][]
      return since === undefined ? { type, v: 1, wants } : { type, v: 1, since, wants }
    }
    case 'ranges': {
      keysExactly(value, ['type', 'entries'])
      const entries = list(value['entries'], FRAME_LIMITS.entriesPerRanges, 'entries').map((e) => {
        const pair = list(e, 2, 'entry')
        if (pair.length !== 2) throw new MalformedError('an entry is [author, ranges]')
        const ranges = list(pair[1], FRAME_LIMITS.rangesPerEntry, 'ranges').map(wireRange)
        return [bytes(pair[0], 32, 'author'), ranges]
      }) as [Uint8Array, WireRange[]][]
      return { type, entries }
    }
    case 'want':
    case 'want-blobs': {
      keysExactly(value, ['type', 'ids'])
      const max = type === 'want' ? FRAME_LIMITS.idsPerWant : FRAME_LIMITS.blobsPerWant
      return { type, ids: idList(value['ids'], max, 'ids') }
    }
    case 'post':
      keysExactly(value, ['type', 'post'])
      return { type, post: record(value['post'], 'post') }
    case 'profile':
      keysExactly(value, ['type', 'profile'])
      return { type, profile: record(value['profile'], 'profile') }
    case 'profile-version':
      keysExactly(value, ['type', 'version'])
      return { type, version: record(value['version'], 'version') }
    case 'delete':
      keysExactly(value, ['type', 'delete'])
      return { type, delete: record(value['delete'], 'delete') }
    case 'blob':
      keysExactly(value, ['type', 'id', 'bytes'])
      if (value['bytes'] instanceof Uint8Array && value['bytes'].length > LIMITS.blobBytes) {
        throw new TooLargeError(`a blob is at most ${LIMITS.blobBytes} bytes`)
      }
      return {
        type,
        id: bytes(value['id'], ID_BYTES, 'blob id'),
        bytes: bytes(value['bytes'], undefined, 'blob'),
      }
    case 'over':
    case 'done':
      keysExactly(value, ['type'])
      return { type }
    case 'check': {
      keysExactly(value, ['type'], ['probe', 'reports'])
      const frame: CheckFrame = { type }
      if (value['probe'] !== undefined) {
        const pair = list(value['probe'], 2, 'probe')
        if (pair.length !== 2) throw new MalformedError('a probe is [nonce, ids]')
        const ids = idList(pair[1], FRAME_LIMITS.idsPerProbe, 'probe ids')
        if (ids.length === 0) throw new MalformedError('a probe asks about at least one id')
        frame.probe = [bytes(pair[0], PROBE_NONCE_BYTES, 'probe nonce'), ids]
      }
      if (value['reports'] !== undefined) {
        frame.reports = list(value['reports'], FRAME_LIMITS.reportsPerCheck, 'reports').map((r) =>
          record(r, 'report'),
        )
      }
      if (frame.probe === undefined && frame.reports === undefined) throw new MalformedError('an empty check')
      return frame
    }
    case 'held':
      keysExactly(value, ['type', 'nonce', 'bits', 'tag'])
      return {
        type,
        nonce: bytes(value['nonce'], PROBE_NONCE_BYTES, 'held nonce'),
        bits: bytes(value['bits'], undefined, 'held bits', Math.ceil(FRAME_LIMITS.idsPerProbe / 8)),
        tag: bytes(value['tag'], PROOF_TAG_BYTES, 'held tag'),
      }
    case 'maps': {
      keysExactly(value, ['type', 'maps'])
      const maps = list(value['maps'], FRAME_LIMITS.mapsPerFrame, 'maps').map((m) => record(m, 'map'))
      if (maps.length === 0) throw new MalformedError('an empty maps frame')
      return { type, maps }
    }
    case 'error':
      keysExactly(value, ['type', 'name', 'message'])
      return {
        type,
        name: text(value['name'], FRAME_LIMITS.errorNameChars, 'error name'),
        message: text(value['message'], FRAME_LIMITS.errorMessageChars, 'error message'),
      }
    default:
      throw new UnexpectedFrameError(
        `unknown frame type ${typeof type === 'string' ? type.slice(0, 32) : typeof type}`,
      )
  }
}
