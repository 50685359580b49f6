/**
 * The worker's start-up breakdown as bench figures (issue 12): the milestones and timed phases the
 * worker records (src/worker/startup-marks.ts, read through `harness.info` or
 * `network.diagnostics.startup`), moved onto the page's clock (ms after navigation start) and
 * reduced to the median of several runs.
 */
import type { BenchFigure } from './types.ts'

/** What the worker reports: wall-clock milestones and phase spans. */
export interface StartupReport {
  marks?: Record<string, number>
  phases?: Record<string, { start: number; end: number }>
}

/** One run's milestones and phases, in ms after the page's navigation start. */
export interface StartupRun {
  marks: Record<string, number>
  phases: Record<string, { start: number; end: number }>
}

/** Moves `report` onto the page clock whose origin is `pageOrigin`; `pageMarks` are already on it. */
export function startupRun(
  report: StartupReport,
  pageOrigin: number,
  pageMarks: Record<string, number> = {},
): StartupRun {
  const marks: Record<string, number> = { ...pageMarks }
  for (const [name, at] of Object.entries(report.marks ?? {})) marks[name] = at - pageOrigin
  const phases: Record<string, { start: number; end: number }> = {}
  for (const [name, span] of Object.entries(report.phases ?? {})) {
    phases[name] = { start: span.start - pageOrigin, end: span.end - pageOrigin }
  }
  return { marks, phases }
}

function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

/** "name at, …" of the median milestones, earliest first. */
export function milestoneNote(runs: readonly StartupRun[]): string {
  const names = new Set(runs.flatMap((r) => Object.keys(r.marks)))
  return [...names]
    .map((name) => [name, median(runs.map((r) => r.marks[name] ?? Number.NaN))] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([name, ms]) => `${name} ${Math.round(ms)}`)
    .join(', ')
}

/** One figure per phase: its median duration, with its median start and end on the page clock. */
export function phaseFigures(runs: readonly StartupRun[], posts: number): BenchFigure[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.phases)))
  return [...names]
    .map((name) => {
      const spans = runs.map((r) => r.phases[name]).filter((s) => s !== undefined)
      return {
        name,
        start: median(spans.map((s) => s.start)),
        end: median(spans.map((s) => s.end)),
        ms: median(spans.map((s) => s.end - s.start)),
        n: spans.length,
      }
    })
    .sort((a, b) => a.start - b.start)
    .map((p) => ({
      name: `start-up phase with ${posts} posts: ${p.name} (median of ${p.n})`,
      value: Math.round(p.ms * 10) / 10,
      unit: 'ms',
      comparedTo: 'informational (where page load → ready goes; phases may overlap)',
      note: `from ${Math.round(p.start)} to ${Math.round(p.end)} ms after navigation start`,
    }))
}
