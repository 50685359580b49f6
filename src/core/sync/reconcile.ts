/**
 * Range-based set reconciliation (the negentropy idea, docs/design.md §5), pure functions, no I/O.
 *
 * A set is a sorted list of items `(ts, id)` (ts = created_at / updated_at in ms, id = 32 bytes),
 * ordered by ts then id bytes. A message covers the key space `[lower, ∞)` as consecutive ranges,
 * each given by its upper bound and a mode: `skip` (nothing to do), `fingerprint` (of the sender's
 * items in the range) or `ids` (every id the sender holds in the range). Trailing skips are implied.
 *
 * Fingerprint (as negentropy): the ids added as little-endian 256-bit integers mod 2^256, then
 * BLAKE3(sum ‖ varint(count)) truncated to 16 bytes. The ids are already BLAKE3 outputs, so the sum
 * is uniform; the count in the hash tells {a,b} from {a+b}.
 *
 * Answering a range: same fingerprint → skip. Different fingerprint → if the sender's fingerprint
 * is that of the empty set, everything we hold there is missing on their side (`theyLack`); else
 * if we hold ≤ `idListThreshold` items we answer with our ids, otherwise we split our items into
 * `branching` ranges of equal count and answer with their fingerprints. An id list is answered by
 * the difference both ways (`weLack`, `theyLack`) and a skip. Both sides run the same step, so
 * every id list ends its range and every split shrinks it: rounds ≤ log_branching(n) + 2.
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { MalformedError } from '../errors.ts'

/** One element of a reconciled set. `id` is 32 bytes (a PostId, or the sync id of a record). */
export interface SyncItem {
  ts: number
  id: Uint8Array
}

/** A point of the key space: items below it have smaller ts, or equal ts and id below `prefix`. */
export interface Bound {
  /** `Infinity` for the end of the key space. */
  ts: number
  /** At most 32 bytes; an id starting with `prefix` is at or above the bound. */
  prefix: Uint8Array
}

/** One range of a reconciliation message; its lower bound is the previous range's upper bound. */
export type RangeItem =
  | { upper: Bound; mode: 'skip' }
  | { upper: Bound; mode: 'fingerprint'; fingerprint: Uint8Array }
  | { upper: Bound; mode: 'ids'; ids: Uint8Array[] }

/** Tuning of the reconciliation (both peers may differ; results stay exact). */
export interface ReconcileOptions {
  branching: number
  idListThreshold: number
}

/** Defaults: split in 16, list ids when ≤ 16 remain. */
export const RECONCILE_DEFAULTS: ReconcileOptions = { branching: 16, idListThreshold: 16 }
/** Bytes of a fingerprint on the wire. */
export const FINGERPRINT_BYTES = 16
/** Bytes of an item id. */
export const ID_BYTES = 32

/** The end of the key space. */
export const END: Bound = { ts: Number.POSITIVE_INFINITY, prefix: new Uint8Array(0) }

/** The lower bound of a session's key space: items created at or after `since` (ms). */
export function lowerBound(since = 0): Bound {
  return { ts: since, prefix: new Uint8Array(0) }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number)
    if (d !== 0) return d
  }
  return a.length - b.length
}

/** Total order of items: by ts, then id bytes. */
export function compareItems(a: SyncItem, b: SyncItem): number {
  return a.ts !== b.ts ? (a.ts < b.ts ? -1 : 1) : compareBytes(a.id, b.id)
}

/** Total order of bounds (ts, then prefix bytes, shorter first). */
export function compareBounds(a: Bound, b: Bound): number {
  return a.ts !== b.ts ? (a.ts < b.ts ? -1 : 1) : compareBytes(a.prefix, b.prefix)
}

/** A sorted, de-duplicated copy of `items`. */
export function sortItems(items: Iterable<SyncItem>): SyncItem[] {
  const sorted = [...items].sort(compareItems)
  return sorted.filter((item, i) => i === 0 || compareItems(sorted[i - 1] as SyncItem, item) !== 0)
}

function isBelow(item: SyncItem, bound: Bound): boolean {
  if (item.ts !== bound.ts) return item.ts < bound.ts
  const p = bound.prefix
  for (let i = 0; i < p.length; i++) {
    const d = (item.id[i] ?? -1) - (p[i] as number)
    if (d !== 0) return d < 0
  }
  return false
}

/** Index of the first item at or above `bound` in a sorted list. */
export function indexOfBound(items: readonly SyncItem[], bound: Bound): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (isBelow(items[mid] as SyncItem, bound)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function varint(n: number): Uint8Array {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return Uint8Array.from(out)
}

/** Fingerprint of `items[from..to)` (see the file comment). */
export function fingerprint(items: readonly SyncItem[], from = 0, to = items.length): Uint8Array {
  const sum = new Uint8Array(ID_BYTES + 8)
  for (let i = from; i < to; i++) {
    const id = (items[i] as SyncItem).id
    let carry = 0
    for (let b = 0; b < ID_BYTES; b++) {
      const s = (sum[b] as number) + (id[b] ?? 0) + carry
      sum[b] = s & 0xff
      carry = s >>> 8
    }
  }
  const count = varint(Math.max(0, to - from))
  const input = new Uint8Array(ID_BYTES + count.length)
  input.set(sum.subarray(0, ID_BYTES))
  input.set(count, ID_BYTES)
  return blake3(input).subarray(0, FINGERPRINT_BYTES)
}

/** The fingerprint of the empty set: a peer that sends it holds nothing in the range. */
export const EMPTY_FINGERPRINT: Uint8Array = fingerprint([])

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0
}

/** The shortest bound with `prev` below it and `next` at or above it (prev < next). */
function boundBetween(prev: SyncItem, next: SyncItem): Bound {
  if (prev.ts !== next.ts) return { ts: next.ts, prefix: new Uint8Array(0) }
  let i = 0
  while (i < ID_BYTES && prev.id[i] === next.id[i]) i++
  return { ts: next.ts, prefix: next.id.slice(0, i + 1) }
}

/** The opening message for a set: one fingerprint over `[lower, ∞)`. */
export function openingMessage(items: readonly SyncItem[], lower: Bound): RangeItem[] {
  const from = indexOfBound(items, lower)
  return [{ upper: END, mode: 'fingerprint', fingerprint: fingerprint(items, from) }]
}

/** What one reconciliation step found and what to send back. */
export interface StepResult {
  /** The answer; empty when every range is settled. */
  reply: RangeItem[]
  /** Ids the other side listed that we do not hold. */
  weLack: Uint8Array[]
  /** Ids we hold that the other side lacks. */
  theyLack: Uint8Array[]
}

/**
 * Answers a message about our sorted set `items` over `[lower, ∞)`. Throws MalformedError when
 * the message's bounds are not strictly increasing.
 */
export function reconcileStep(
  items: readonly SyncItem[],
  incoming: readonly RangeItem[],
  lower: Bound,
  options: ReconcileOptions = RECONCILE_DEFAULTS,
): StepResult {
  const reply: RangeItem[] = []
  const weLack: Uint8Array[] = []
  const theyLack: Uint8Array[] = []
  const skip = (upper: Bound): void => {
    const last = reply[reply.length - 1]
    if (last?.mode === 'skip') last.upper = upper
    else reply.push({ upper, mode: 'skip' })
  }
  let prev = lower
  let from = indexOfBound(items, lower)
  for (const range of incoming) {
    if (compareBounds(range.upper, prev) <= 0) throw new MalformedError('range bounds must increase')
    const to = indexOfBound(items, range.upper)
    if (range.mode === 'skip') {
      skip(range.upper)
    } else if (range.mode === 'ids') {
      const theirs = new Set(range.ids.map(hexKey))
      const mine = new Set<string>()
      for (let i = from; i < to; i++) {
        const id = (items[i] as SyncItem).id
        mine.add(hexKey(id))
        if (!theirs.has(hexKey(id))) theyLack.push(id)
      }
      for (const id of range.ids) if (!mine.has(hexKey(id))) weLack.push(id)
      skip(range.upper)
    } else if (sameBytes(range.fingerprint, fingerprint(items, from, to))) {
      skip(range.upper)
    } else if (sameBytes(range.fingerprint, EMPTY_FINGERPRINT)) {
      for (let i = from; i < to; i++) theyLack.push((items[i] as SyncItem).id)
      skip(range.upper)
    } else if (to - from <= options.idListThreshold) {
      reply.push({ upper: range.upper, mode: 'ids', ids: items.slice(from, to).map((item) => item.id) })
    } else {
      splitInto(items, from, to, range.upper, options.branching, reply)
    }
    prev = range.upper
    from = to
  }
  while (reply[reply.length - 1]?.mode === 'skip') reply.pop()
  return { reply, weLack, theyLack }
}

function splitInto(
  items: readonly SyncItem[],
  from: number,
  to: number,
  upper: Bound,
  branching: number,
  out: RangeItem[],
): void {
  const n = to - from
  let start = from
  for (let j = 1; j <= branching; j++) {
    const end = j === branching ? to : from + Math.floor((n * j) / branching)
    if (end === start) continue
    const bound = end === to ? upper : boundBetween(items[end - 1] as SyncItem, items[end] as SyncItem)
    out.push({ upper: bound, mode: 'fingerprint', fingerprint: fingerprint(items, start, end) })
    start = end
  }
}

const hexTable = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
/** Lowercase hex of bytes, used as a map key. */
export function hexKey(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += hexTable[b]
  return s
}
