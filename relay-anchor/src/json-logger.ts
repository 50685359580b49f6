/**
 * Structured JSON logs for the anchor: one line per event, `{"t":…,"level":…,"ns":"anchor:…","event":…}`
 * plus the event's fields (docs/house-rules.md §2: namespaces `anchor:*`, peer ids shortened, no payloads).
 */
import type { LogFields, Logger } from '../../src/core/net/index.ts'

/** Log levels, most verbose first; `silent` drops everything. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Where log lines go (default: process.stderr). */
export type LogSink = (line: string) => void

/** A factory of namespaced loggers sharing one level and sink. */
export type LoggerFactory = (namespace: string) => Logger

/** Creates JSON loggers writing lines at or above `level` to `sink`. */
export function createJsonLoggers(
  level: LogLevel,
  sink: LogSink = (l) => process.stderr.write(`${l}\n`),
): LoggerFactory {
  const threshold = LOG_LEVELS.indexOf(level)
  return (namespace: string): Logger => {
    const emit = (lvl: LogLevel, event: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(lvl) < threshold) return
      sink(JSON.stringify({ t: new Date().toISOString(), level: lvl, ns: namespace, event, ...fields }))
    }
    return {
      debug: (event, fields) => emit('debug', event, fields),
      info: (event, fields) => emit('info', event, fields),
      warn: (event, fields) => emit('warn', event, fields),
      error: (event, fields) => emit('error', event, fields),
    }
  }
}
