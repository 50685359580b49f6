/** What every part of the store shares: the driver and the injected clock (docs/design.md §2, §7). */
import type { Millis } from '../model/index.ts'
import type { SqlDriver } from './sql-driver.ts'

/** Where the store gets "now"; injected so writes are replayable and tests are deterministic. */
export interface Clock {
  now(): Millis
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() }

/** Shared by the store's parts. */
export interface StoreContext {
  db: SqlDriver
  clock: Clock
}

/** `?, ?, ?` for an IN list of `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ')
}
