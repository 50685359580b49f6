/**
 * A `SqlDriver` that makes sql.js durable (docs/design.md §7): every successful mutation — a lone `run` /
 * `exec`, or a whole outermost `transaction` — becomes one numbered log entry, appended to the
 * write-ahead log in the background (group commit: all entries made in one task go in one IDB
 * transaction). `flush()` resolves once everything done so far is on disk; the RPC server awaits
 * it before answering, so no write is acknowledged before it is durable.
 */
import { StorageWriteError } from '../../core/errors.ts'
import type { SqlDriver, SqlParam, SqlRow } from '../../core/storage/index.ts'
import type { LogEntry, LogOp, WriteAheadLog } from './write-ahead-log.ts'

/** The durable driver: a `SqlDriver` plus the durability barrier and snapshot access. */
export interface DurableDriver extends SqlDriver {
  /** The sequence number of the last mutation applied in memory. */
  readonly seq: number
  /** Resolves when every mutation made so far is committed to the log; rejects with `StorageWriteError`. */
  flush(): Promise<void>
  /** The database image at `seq`; only between transactions (snapshots run from timers). */
  exportImage(): { seq: number; image: Uint8Array }
  /** Called after each logged mutation (the snapshot scheduler listens). */
  onMutation: (() => void) | undefined
}

/** What `createDurableDriver` wraps. */
export interface DurableDriverParts {
  inner: SqlDriver
  /** sql.js `Database.export()`. */
  exportImage: () => Uint8Array
  log: WriteAheadLog
  /** The sequence the database is at after open (snapshot + replay). */
  startSeq: number
}

/** Wraps a sql.js driver so its mutations go through the write-ahead log. */
export function createDurableDriver(parts: DurableDriverParts): DurableDriver {
  const { inner, log } = parts
  let seq = parts.startSeq
  let depth = 0
  let ops: LogOp[] = []
  let pending: LogEntry[] = []
  let scheduled = false
  let tail: Promise<void> = Promise.resolve()
  let failure: Error | undefined

  const assertWritable = (): void => {
    if (failure !== undefined) throw failure
  }

  const writeBatch = async (): Promise<void> => {
    scheduled = false
    const batch = pending
    pending = []
    try {
      await log.append(batch)
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
      failure ??= new StorageWriteError(`write-ahead log append failed (${reason}); writes are refused`)
      throw failure
    }
  }

  const record = (op: LogOp): void => {
    if (depth > 0) {
      ops.push(op)
      return
    }
    commitEntry([op])
  }

  const commitEntry = (entryOps: LogOp[]): void => {
    if (entryOps.length === 0) return
    seq++
    pending.push({ seq, ops: entryOps })
    if (!scheduled) {
      scheduled = true
      tail = tail.then(writeBatch)
      // Later flush() calls report the failure; this link must not be an unhandled rejection.
      tail.catch(() => {})
    }
    driver.onMutation?.()
  }

  const driver: DurableDriver = {
    onMutation: undefined,
    get seq() {
      return seq
    },
    exec(sql) {
      assertWritable()
      if (depth === 0) inner.transaction(() => inner.exec(sql))
      else inner.exec(sql)
      record({ sql })
    },
    run(sql, params) {
      assertWritable()
      const result = inner.run(sql, params)
      record({ sql, params: copyParams(params) })
      return result
    },
    all<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T[] {
      return inner.all<T>(sql, params)
    },
    get<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T | undefined {
      return inner.get<T>(sql, params)
    },
    transaction<T>(fn: () => T): T {
      assertWritable()
      const mark = ops.length
      depth++
      let result: T
      try {
        result = inner.transaction(fn)
      } catch (err) {
        ops.length = mark
        throw err
      } finally {
        depth--
      }
      if (depth === 0) {
        const entryOps = ops
        ops = []
        commitEntry(entryOps)
      }
      return result
    },
    flush() {
      if (failure !== undefined) return Promise.reject(failure)
      return tail
    },
    exportImage() {
      if (depth > 0) throw new StorageWriteError('exportImage: called inside a transaction')
      return { seq, image: parts.exportImage() }
    },
    close() {
      inner.close()
    },
  }
  return driver
}

/** Copies params so later changes by the caller (or a large backing buffer) do not reach the log. */
function copyParams(params: readonly SqlParam[] | undefined): SqlParam[] {
  if (params === undefined) return []
  return params.map((p) => (p instanceof Uint8Array ? p.slice() : p))
}

/** Applies one log entry to a plain driver (replay on open), atomically. */
export function applyLogEntry(target: SqlDriver, entry: LogEntry): void {
  target.transaction(() => {
    for (const op of entry.ops) {
      if (op.params === undefined) target.exec(op.sql)
      else target.run(op.sql, op.params)
    }
  })
}
