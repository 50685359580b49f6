/**
 * How the OPFS log's batch files resolve when their ranges overlap (docs/design.md §7): a pack writes
 * one file over many small ones' range *before* it deletes them, so after a crash mid-pack both are
 * there. A read tries the outermost files first (the packed one), falls back to the files inside one
 * that fails its check, and keeps one entry per sequence number, the widest file's.
 */
import type { LogEntry } from './write-ahead-log.ts'

/** A batch file and the sequence range its name promises. */
export interface BatchFile {
  name: string
  first: number
  last: number
}

/** Whether `inner`'s range lies inside `outer`'s (two distinct files never share a range). */
export function rangeContains(outer: BatchFile, inner: BatchFile): boolean {
  return outer !== inner && outer.first <= inner.first && inner.last <= outer.last
}

/** The files that no other file of `files` contains, ordered by first sequence. */
export function outermostFiles(files: readonly BatchFile[]): BatchFile[] {
  const sorted = [...files].sort((a, b) => a.first - b.first || b.last - a.last)
  const out: BatchFile[] = []
  let reach = 0
  for (const f of sorted) {
    if (f.last <= reach) continue
    out.push(f)
    reach = f.last
  }
  return out
}

/** One entry per sequence number, ascending; where files overlap, the widest file's entry wins. */
export function mergeBatches(read: readonly { file: BatchFile; entries: readonly LogEntry[] }[]): LogEntry[] {
  const widestFirst = [...read].sort(
    (a, b) => b.file.last - b.file.first - (a.file.last - a.file.first) || a.file.first - b.file.first,
  )
  const bySeq = new Map<number, LogEntry>()
  for (const { entries } of widestFirst) for (const e of entries) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/** Splits entries (ascending, one per sequence) into runs of consecutive sequence numbers. */
export function consecutiveRuns(entries: readonly LogEntry[]): LogEntry[][] {
  const runs: LogEntry[][] = []
  let run: LogEntry[] = []
  for (const e of entries) {
    const prev = run.at(-1)
    if (prev !== undefined && e.seq !== prev.seq + 1) {
      runs.push(run)
      run = []
    }
    run.push(e)
  }
  if (run.length > 0) runs.push(run)
  return runs
}
