/** Test-only libp2p ComponentLogger that keeps recent lines of chosen components in memory. */
import type { ComponentLogger, Logger } from '@libp2p/interface'

const lines: string[] = []
const MAX = 4000

function show(a: unknown): string {
  try {
    if (a instanceof Error) return `${a.name}: ${a.message}`
    return String(a)
  } catch {
    return Object.prototype.toString.call(a)
  }
}

function fmt(args: unknown[]): string {
  return args.map(show).join(' ').slice(0, 400)
}

function make(name: string, on: boolean): Logger {
  const push = (level: string, args: unknown[]): void => {
    if (!on) return
    lines.push(`${(performance.now() / 1000).toFixed(3)} ${level} ${name} ${fmt(args)}`)
    if (lines.length > MAX) lines.splice(0, lines.length - MAX)
  }
  const log = ((...args: unknown[]) => push('D', args)) as Logger
  log.error = (...args: unknown[]) => push('E', args)
  log.trace = (...args: unknown[]) => push('T', args)
  log.enabled = on
  log.newScope = (scope: string) => make(`${name}:${scope}`, on)
  return log
}

/** A ComponentLogger recording components whose name matches `pattern`. */
export function memoryLogger(pattern: RegExp): ComponentLogger {
  return { forComponent: (name: string) => make(name, pattern.test(name)) }
}

/** The recorded lines, oldest first. */
export function recordedLines(): string[] {
  return lines.slice()
}

/** Records shim events (the RtcLogger shape) into the same buffer. */
export const shimLogger = {
  debug: (event: string, fields?: object) => make('shim', true)(event, JSON.stringify(fields ?? {})),
  warn: (event: string, fields?: object) => make('shim', true).error(event, JSON.stringify(fields ?? {})),
}
