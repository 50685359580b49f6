/**
 * Wire form of reconciliation messages: each range is a CBOR array
 * `[ts delta from the previous upper bound | null for ∞, id prefix, null | fingerprint | id list]`.
 * Deltas keep timestamps to a few bytes; `null` payload is a skip.
 */
import { MalformedError } from '../errors.ts'
import { type Bound, END, FINGERPRINT_BYTES, ID_BYTES, type RangeItem } from './reconcile.ts'

/** One range as carried in a `ranges` frame. */
export type WireRange = [number | null, Uint8Array, null | Uint8Array | Uint8Array[]]

/** Caps on one author's message in one turn (a peer's message is untrusted). */
export const RANGE_LIMITS = { rangesPerMessage: 16384, idsPerList: 1024 } as const

/** Encodes ranges for the wire, as deltas from `lower`. */
export function encodeRanges(ranges: readonly RangeItem[], lower: Bound): WireRange[] {
  let prevTs = lower.ts
  return ranges.map((range) => {
    const delta = range.upper.ts === Number.POSITIVE_INFINITY ? null : range.upper.ts - prevTs
    prevTs = range.upper.ts
    const payload =
      range.mode === 'skip' ? null : range.mode === 'fingerprint' ? range.fingerprint : range.ids
    return [delta, range.upper.prefix, payload]
  })
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array
}

/** Decodes and checks ranges from the wire; throws MalformedError on any deviation. */
export function decodeRanges(wire: unknown, lower: Bound): RangeItem[] {
  if (!Array.isArray(wire)) throw new MalformedError('ranges must be an array')
  if (wire.length > RANGE_LIMITS.rangesPerMessage) throw new MalformedError('too many ranges')
  const out: RangeItem[] = []
  let prevTs = lower.ts
  for (const entry of wire as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) throw new MalformedError('a range is a 3-tuple')
    const [delta, prefix, payload] = entry as unknown[]
    if (prevTs === Number.POSITIVE_INFINITY) throw new MalformedError('a range after the end')
    let ts: number
    if (delta === null) ts = Number.POSITIVE_INFINITY
    else if (typeof delta === 'number' && Number.isSafeInteger(delta) && delta >= 0) ts = prevTs + delta
    else throw new MalformedError('a range delta must be a non-negative integer or null')
    if (!Number.isSafeInteger(ts) && ts !== Number.POSITIVE_INFINITY) throw new MalformedError('ts overflow')
    if (!isBytes(prefix) || prefix.length > ID_BYTES) throw new MalformedError('bad range prefix')
    if (ts === Number.POSITIVE_INFINITY && prefix.length !== 0) throw new MalformedError('bad end bound')
    const upper: Bound = ts === Number.POSITIVE_INFINITY ? END : { ts, prefix }
    if (payload === null) out.push({ upper, mode: 'skip' })
    else if (isBytes(payload)) {
      if (payload.length !== FINGERPRINT_BYTES) throw new MalformedError('bad fingerprint length')
      out.push({ upper, mode: 'fingerprint', fingerprint: payload })
    } else if (Array.isArray(payload)) {
      if (payload.length > RANGE_LIMITS.idsPerList) throw new MalformedError('id list too long')
      for (const id of payload as unknown[]) {
        if (!isBytes(id) || id.length !== ID_BYTES) throw new MalformedError('bad id in id list')
      }
      out.push({ upper, mode: 'ids', ids: payload as Uint8Array[] })
    } else throw new MalformedError('bad range payload')
    prevTs = ts
  }
  return out
}
