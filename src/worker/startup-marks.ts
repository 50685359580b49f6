/**
 * Milestones and phases of the worker's start (issue 12: find where the time goes between page
 * load and the first feed page), as wall-clock milliseconds (`timeOrigin + now`), so a tab can
 * line them up with its own navigation start. Cheap: one `performance.now()` per edge, kept in a
 * map, first occurrence only. The bench reads them through `harness.info` and
 * `network.diagnostics` (`startup`).
 */

/** The milestones, in the order they usually happen. */
export type StartupMark =
  | 'worker-created'
  | 'worker-script'
  | 'worker-evaluated'
  | 'first-connect'
  | 'lock-held'
  | 'sql-js-ready'
  | 'log-open'
  | 'log-read'
  | 'snapshot-read'
  | 'database-open'
  | 'storage-open'
  | 'store-open'
  | 'identity-loaded'
  | 'app-ready'
  | 'first-feed-page'
  | 'ready-answered'
  | 'network-up'

/** The timed phases of the start; some run side by side (the WASM compiles while storage is read). */
export type StartupPhase =
  | 'node-code-load'
  | 'lock-wait'
  | 'wasm-fetch-compile'
  | 'sql-js-init'
  | 'sql-js-warm-up'
  | 'log-open'
  | 'idb-log-seqs'
  | 'opfs-log-seqs'
  | 'snapshot-heads'
  | 'snapshot-read'
  | 'snapshot-checksum'
  | 'idb-log-read'
  | 'opfs-log-read'
  | 'database-open'
  | 'log-replay'
  | 'store-open'
  | 'identity-load'
  | 'node-start'
  | 'first-feed-query'

/** A phase's start and end, wall-clock milliseconds. */
export interface PhaseSpan {
  start: number
  end: number
}

const marks = new Map<StartupMark, number>()
const phases = new Map<StartupPhase, PhaseSpan>()

const wallClock = (): number => performance.timeOrigin + performance.now()

/** Records `name` the first time it happens. */
export function markStartup(name: StartupMark): void {
  if (!marks.has(name)) marks.set(name, wallClock())
}

/** Every recorded milestone with its wall-clock time. */
export function startupMarks(): Partial<Record<StartupMark, number>> {
  return { 'worker-created': performance.timeOrigin, ...Object.fromEntries(marks) }
}

/** Runs `fn` and records its first run as `name` (also when it throws). */
export function timePhase<T>(name: StartupPhase, fn: () => T): T {
  const start = wallClock()
  const done = (): void => {
    if (!phases.has(name)) phases.set(name, { start, end: wallClock() })
  }
  let out: T
  try {
    out = fn()
  } catch (err) {
    done()
    throw err
  }
  if (out instanceof Promise) {
    out.then(done, done)
    return out
  }
  done()
  return out
}

/** Records `name` as having run from `start` (wall clock) until now. */
export function endPhase(name: StartupPhase, start: number): void {
  if (!phases.has(name)) phases.set(name, { start, end: wallClock() })
}

/** The wall-clock now, for `endPhase`. */
export function startupClock(): number {
  return wallClock()
}

/** Every recorded phase. */
export function startupPhases(): Partial<Record<StartupPhase, PhaseSpan>> {
  return Object.fromEntries(phases)
}

/** Marks and phases together, as `network.diagnostics` and `harness.info` give them. */
export function startupReport(): {
  marks: Partial<Record<StartupMark, number>>
  phases: Partial<Record<StartupPhase, PhaseSpan>>
} {
  return { marks: startupMarks(), phases: startupPhases() }
}
