/**
 * Milestones of the worker's start (issue 12: find where the time goes between page load and the
 * first feed page), as wall-clock milliseconds (`timeOrigin + now`), so a tab can line them up
 * with its own navigation start. The bench reads them through `harness.info`.
 */

/** The milestones, in the order they usually happen. */
export type StartupMark =
  | 'worker-evaluated'
  | 'first-connect'
  | 'lock-held'
  | 'sql-js-ready'
  | 'log-open'
  | 'log-read'
  | 'snapshot-read'
  | 'database-open'
  | 'storage-open'
  | 'app-ready'
  | 'network-up'

const marks = new Map<StartupMark, number>()

/** Records `name` the first time it happens. */
export function markStartup(name: StartupMark): void {
  if (!marks.has(name)) marks.set(name, performance.timeOrigin + performance.now())
}

/** Every recorded milestone with its wall-clock time. */
export function startupMarks(): Partial<Record<StartupMark, number>> {
  return Object.fromEntries(marks)
}
