/**
 * `SqlDriver` over a sql.js `Database` (docs/design.md §7). The caller loads sql.js and its WASM and
 * passes the opened database; core never locates files. Prepared statements are cached.
 */
import { ConstraintError, ValidationError } from '../errors.ts'
import {
  CONSTRAINT_MESSAGE,
  checkSqlParams,
  isThenable,
  type SqlDriver,
  type SqlParam,
  type SqlRow,
} from './sql-driver.ts'

/** The part of a sql.js `Statement` this driver uses (structural, so core needs no sql.js types). */
export interface SqlJsStatement {
  bind(values?: SqlParam[] | null): boolean
  step(): boolean
  getAsObject(): Record<string, SqlParam>
  reset(): void
  free(): boolean
}

/** The part of a sql.js `Database` this driver uses; a real `new SQL.Database()` fits it. */
export interface SqlJsDatabase {
  exec(sql: string): unknown
  prepare(sql: string): SqlJsStatement
  getRowsModified(): number
  close(): void
}

const STATEMENT_CACHE_SIZE = 128

/**
 * Wraps an open sql.js database as a `SqlDriver`; `close()` closes the database too. Sets
 * `journal_mode = MEMORY`: the database lives in memory anyway (durability is the worker's log,
 * docs/design.md §7), and the default journal file in Emscripten's MEMFS makes writes ≈ 4× slower.
 * Rollback still works. Sets `secure_delete = ON` (issue 10): deleted rows are zeroed, so a removed
 * secret does not live on in free pages of the next snapshot.
 */
export function createSqlJsDriver(db: SqlJsDatabase): SqlDriver {
  const cache = new Map<string, SqlJsStatement>()
  let depth = 0
  translate(() => db.exec('PRAGMA journal_mode = MEMORY; PRAGMA secure_delete = ON'))

  const statement = (sql: string): SqlJsStatement => {
    if (typeof sql !== 'string' || sql.length === 0)
      throw new ValidationError('sql: must be a non-empty string')
    const hit = cache.get(sql)
    if (hit !== undefined) {
      cache.delete(sql)
      cache.set(sql, hit)
      return hit
    }
    const fresh = translate(() => db.prepare(sql))
    cache.set(sql, fresh)
    if (cache.size > STATEMENT_CACHE_SIZE) {
      const [oldestSql, oldest] = cache.entries().next().value as [string, SqlJsStatement]
      cache.delete(oldestSql)
      oldest.free()
    }
    return fresh
  }

  const query = <T>(sql: string, params: readonly SqlParam[] | undefined, firstOnly: boolean): T[] => {
    checkSqlParams(params)
    const stmt = statement(sql)
    const rows: T[] = []
    try {
      translate(() => {
        stmt.bind(params === undefined ? [] : [...params])
        while (stmt.step()) {
          rows.push(stmt.getAsObject() as T)
          if (firstOnly) break
        }
      })
    } finally {
      stmt.reset()
    }
    return rows
  }

  const execRaw = (sql: string): void => {
    translate(() => db.exec(sql))
  }

  return {
    exec(sql) {
      if (typeof sql !== 'string' || sql.length === 0)
        throw new ValidationError('sql: must be a non-empty string')
      execRaw(sql)
    },
    run(sql, params) {
      checkSqlParams(params)
      const stmt = statement(sql)
      try {
        translate(() => {
          stmt.bind(params === undefined ? [] : [...params])
          stmt.step()
        })
      } finally {
        stmt.reset()
      }
      return { changes: db.getRowsModified() }
    },
    all<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T[] {
      return query<T>(sql, params, false)
    },
    get<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T | undefined {
      return query<T>(sql, params, true)[0]
    },
    transaction<T>(fn: () => T): T {
      const level = depth
      const savepoint = `distsoc_sp${level}`
      execRaw(level === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`)
      depth++
      let ok = false
      let result: T
      try {
        result = fn()
        if (isThenable(result)) {
          ;(result as unknown as Promise<unknown>).then(undefined, () => {})
          throw new ValidationError('fn: a transaction body must be synchronous')
        }
        ok = true
      } finally {
        depth--
        if (!ok) rollback(level, savepoint)
      }
      try {
        execRaw(level === 0 ? 'COMMIT' : `RELEASE ${savepoint}`)
      } catch (err) {
        rollback(level, savepoint)
        throw err
      }
      return result
    },
    close() {
      for (const stmt of cache.values()) stmt.free()
      cache.clear()
      db.close()
    },
  }

  function rollback(level: number, savepoint: string): void {
    try {
      execRaw(level === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`)
    } catch {
      // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); nothing to undo.
    }
  }
}

/** Runs a sql.js call and turns constraint failures into `ConstraintError`. */
function translate<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof Error && CONSTRAINT_MESSAGE.test(err.message)) throw new ConstraintError(err.message)
    throw err
  }
}
