/**
 * `SqlDriver` over better-sqlite3 for the relay anchor (docs/design.md §2, §7): a native SQLite file in WAL
 * mode. Blobs come back as plain `Uint8Array` (not `Buffer`), as the driver contract requires.
 */
import Database from 'better-sqlite3'
import { ConstraintError, ValidationError } from '../../../src/core/errors.ts'
import {
  checkSqlParams,
  isThenable,
  type SqlDriver,
  type SqlParam,
  type SqlRow,
} from '../../../src/core/storage/index.ts'

/** How an anchor database is opened. */
export interface BetterSqlite3Options {
  /**
   * `NORMAL` (default): in WAL mode the database never corrupts, but a power cut (not a process
   * crash) may lose the last commits. Acceptable for an anchor: every post it holds also lives on its
   * author's device and set reconciliation (docs/design.md §5) sends what is missing again. `FULL` fsyncs on
   * every commit, for operators who want acknowledged posts to survive power loss.
   */
  synchronous?: 'NORMAL' | 'FULL'
}

/** Opens (or creates) a SQLite file, sets WAL + synchronous, and wraps it as a `SqlDriver`. */
export function openBetterSqlite3Driver(filename: string, options: BetterSqlite3Options = {}): SqlDriver {
  const synchronous = options.synchronous ?? 'NORMAL'
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new ValidationError('options.synchronous: must be NORMAL or FULL')
  }
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous}`)
  db.pragma('busy_timeout = 5000')
  return createBetterSqlite3Driver(db)
}

/** Wraps an open better-sqlite3 database as a `SqlDriver`; `close()` closes the database too. */
export function createBetterSqlite3Driver(db: Database.Database): SqlDriver {
  const cache = new Map<string, Database.Statement<unknown[]>>()
  const prepare = (sql: string): Database.Statement<unknown[]> => {
    if (typeof sql !== 'string' || sql.length === 0)
      throw new ValidationError('sql: must be a non-empty string')
    let stmt = cache.get(sql)
    if (stmt === undefined) {
      stmt = translate(() => db.prepare(sql))
      if (cache.size >= 256) cache.clear()
      cache.set(sql, stmt)
    }
    return stmt
  }
  const transaction = db.transaction((fn: () => unknown) => {
    const result = fn()
    if (isThenable(result)) {
      ;(result as Promise<unknown>).then(undefined, () => {})
      throw new ValidationError('fn: a transaction body must be synchronous')
    }
    return result
  })

  return {
    exec(sql) {
      if (typeof sql !== 'string' || sql.length === 0)
        throw new ValidationError('sql: must be a non-empty string')
      translate(() => db.exec(sql))
    },
    run(sql, params) {
      checkSqlParams(params)
      const stmt = prepare(sql)
      const info = translate(() => stmt.run(...bindable(params)))
      return { changes: info.changes }
    },
    all<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T[] {
      checkSqlParams(params)
      const stmt = prepare(sql)
      const rows = translate(() => stmt.all(...bindable(params))) as Record<string, unknown>[]
      return rows.map(plainRow) as T[]
    },
    get<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T | undefined {
      checkSqlParams(params)
      const stmt = prepare(sql)
      const row = translate(() => stmt.get(...bindable(params))) as Record<string, unknown> | undefined
      return row === undefined ? undefined : (plainRow(row) as T)
    },
    transaction<T>(fn: () => T): T {
      return translate(() => transaction(fn)) as T
    },
    close() {
      cache.clear()
      db.close()
    },
  }
}

function bindable(params: readonly SqlParam[] | undefined): unknown[] {
  return params === undefined ? [] : [...params]
}

/** better-sqlite3 returns `Buffer`s; the contract promises plain `Uint8Array`s. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const value = row[key]
    if (value instanceof Uint8Array) row[key] = new Uint8Array(value)
  }
  return row
}

/** Runs a better-sqlite3 call and turns constraint failures into `ConstraintError`. */
function translate<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    if (err instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      throw new ConstraintError(err.message)
    }
    throw err
  }
}
