/**
 * The injected logger of the network layer (docs/house-rules.md §2). One event name
 * and a few fields per call; never keys, plaintext or whole payloads; peer ids shortened.
 */

/** Fields attached to one log event. */
export type LogFields = Record<string, string | number | boolean | undefined>

/** A namespaced structured logger. */
export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

/** A logger that drops everything (the default in tests and libraries). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}
