/**
 * The shape of a batch of write-ahead log entries read back from a file (docs/design.md §7, §9: every
 * boundary parses before use): each entry checked with the model's validator kit (`core/model`
 * shape.ts), and the batch must hold exactly the sequence range its file name says. A file that
 * fails is counted as absent, so the restore plan sees the gap instead of the replay failing later.
 */
import { ValidationError } from '../../core/errors.ts'
// deep import: the model's index would pull its crypto (noble, libp2p keys) into the early storage chunk
import { expectArray, expectObject, expectString, expectUint } from '../../core/model/shape.ts'
import type { SqlParam } from '../../core/storage/index.ts'
import type { LogEntry, LogOp } from './write-ahead-log.ts'

/** Checks one SQL parameter: a string, a number, bytes or null. */
function expectSqlParam(v: unknown, what: string): SqlParam {
  if (v === null || typeof v === 'string' || typeof v === 'number' || v instanceof Uint8Array) return v
  throw new ValidationError(`${what} must be a string, number, bytes or null`)
}

/** Checks one recorded statement `{ sql, params? }`. */
function expectLogOp(v: unknown, what: string): LogOp {
  const o = expectObject(v, what, ['sql'], ['params'])
  const sql = expectString(o.sql, `${what}.sql`)
  if (o.params === undefined) return { sql }
  return {
    sql,
    params: expectArray(o.params, `${what}.params`).map((p, i) => expectSqlParam(p, `${what}.params[${i}]`)),
  }
}

/** Checks one entry `{ seq, ops }` (seq ≥ 1). */
export function expectLogEntry(v: unknown, what: string): LogEntry {
  const o = expectObject(v, what, ['seq', 'ops'])
  const seq = expectUint(o.seq, `${what}.seq`)
  if (seq < 1) throw new ValidationError(`${what}.seq must be at least 1`)
  return { seq, ops: expectArray(o.ops, `${what}.ops`).map((op, i) => expectLogOp(op, `${what}.ops[${i}]`)) }
}

/** Checks a decoded batch: an array of entries with sequence numbers exactly `first`..`last`, in order. */
export function expectLogBatch(v: unknown, range: { first: number; last: number }, what: string): LogEntry[] {
  const items = expectArray(v, what)
  if (items.length !== range.last - range.first + 1)
    throw new ValidationError(
      `${what} must hold ${range.last - range.first + 1} entries, holds ${items.length}`,
    )
  return items.map((item, i) => {
    const entry = expectLogEntry(item, `${what}[${i}]`)
    if (entry.seq !== range.first + i)
      throw new ValidationError(`${what}[${i}].seq must be ${range.first + i}, is ${entry.seq}`)
    return entry
  })
}
