/**
 * The one small interface between core and a SQLite engine (docs/design.md §2, §7): sql.js in the browser,
 * better-sqlite3 in the anchor. Synchronous, because both engines are.
 *
 * Durability contract (docs/design.md §7): the browser worker wraps a driver and appends every mutating
 * `run` / `exec` (SQL + params) to a write-ahead log, committed with its `transaction`, and replays
 * the log on open. Therefore callers must:
 * - send every write through `run` or `exec` (never a write inside `all` / `get`);
 * - use only deterministic SQL: no `random()`, no `CURRENT_TIMESTAMP` / `datetime('now')`
 *   defaults, no behaviour that depends on per-connection pragmas (e.g. foreign-key cascades) —
 *   timestamps come from an injected clock as parameters.
 */
import { ValidationError } from '../errors.ts'

/**
 * A bound value. Numbers must be finite; integers must be safe (|n| ≤ 2^53 − 1) — ms timestamps
 * are. No bigint (sql.js would bind it as text) and no boolean (use 0 / 1).
 */
export type SqlParam = string | number | Uint8Array | null

/** A value read back: INTEGER and REAL as number, TEXT as string, BLOB as a plain Uint8Array. */
export type SqlValue = string | number | Uint8Array | null

/** A row read back, keyed by column name (or alias). */
export type SqlRow = Record<string, SqlValue>

/** The driver contract; `runSqlDriverContract` (test-support/contract.ts) checks every adapter. */
export interface SqlDriver {
  /** Runs one or more statements without parameters (DDL, pragmas). */
  exec(sql: string): void
  /** Runs one statement with positional `?` parameters; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): { changes: number }
  /** Runs one reading statement and returns every row. */
  all<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T[]
  /** Runs one reading statement and returns its first row, or `undefined`. */
  get<T extends object = SqlRow>(sql: string, params?: readonly SqlParam[]): T | undefined
  /**
   * Runs `fn` atomically: commits when it returns, rolls back and rethrows when it throws. Nested
   * calls are savepoints: a throwing inner call undoes only its own writes (and rethrows; the outer
   * call may catch and go on). `fn` must be synchronous: a returned Promise is refused with
   * `ValidationError` after rolling back.
   */
  transaction<T>(fn: () => T): T
  /** Releases the database; further calls throw. */
  close(): void
}

/** Throws `ValidationError` if a parameter is not a `SqlParam` a driver can bind faithfully. */
export function checkSqlParams(params: readonly unknown[] | undefined): void {
  if (params === undefined) return
  if (!Array.isArray(params)) throw new ValidationError('params: must be an array')
  for (let i = 0; i < params.length; i++) {
    const p: unknown = params[i]
    if (p === null || typeof p === 'string' || p instanceof Uint8Array) continue
    if (typeof p === 'number') {
      if (!Number.isFinite(p)) throw new ValidationError(`params[${i}]: number must be finite`)
      if (Number.isInteger(p) && !Number.isSafeInteger(p)) {
        throw new ValidationError(`params[${i}]: integer outside the safe range`)
      }
      continue
    }
    throw new ValidationError(`params[${i}]: ${typeof p} is not a SQL parameter`)
  }
}

/** True if `value` is a Promise-like (a transaction body must not be async). */
export function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Constraint failures look like this in SQLite's messages, whatever the binding. */
export const CONSTRAINT_MESSAGE = /^(UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed/
