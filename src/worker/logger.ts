/**
 * The worker's injected logger (docs/house-rules.md §2). Same shape as core's network
 * logger, so one object serves both. Never log keys, plaintext or whole payloads.
 */

/** Fields attached to one log event. */
export type LogFields = Record<string, string | number | boolean | undefined>

/** A namespaced structured logger. */
export interface WorkerLogger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

/** Drops everything: the default. */
export const silentWorkerLogger: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} }
