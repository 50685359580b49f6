/**
 * The write-ahead log kept in two stores at once (docs/design.md §7): an append is acknowledged only
 * when both have it, and an open reads the union, so a store that silently loses committed entries
 * (Chromium's IndexedDB after a kill mid-record, see `opfs-log.ts`) costs nothing while the other
 * holds them. An entry an open finds in one store only (a kill between the two appends: never
 * acknowledged, but replayed and built on from then) is written into the other before new writes
 * (`restoreCopies`), so its one copy being lost later cannot leave a gap.
 */
import { consecutiveRuns } from './batch-ranges.ts'
import type { LogEntry, WriteAheadLog } from './write-ahead-log.ts'

/** One log over `primary` and `copy`; reads prefer `primary`'s entry for a sequence both hold. */
export function createMirroredLog(primary: WriteAheadLog, copy: WriteAheadLog): WriteAheadLog {
  const union = (a: readonly LogEntry[], b: readonly LogEntry[]): LogEntry[] => {
    const bySeq = new Map<number, LogEntry>()
    for (const e of b) bySeq.set(e.seq, e)
    for (const e of a) bySeq.set(e.seq, e)
    return [...bySeq.values()].sort((x, y) => x.seq - y.seq)
  }
  // what the last readAfter found in one store only: entries each store lacks
  let lacking = { primary: [] as LogEntry[], copy: [] as LogEntry[] }
  const onlyIn = (held: readonly LogEntry[], other: readonly LogEntry[]): LogEntry[] => {
    const seqs = new Set(other.map((e) => e.seq))
    return held.filter((e) => !seqs.has(e.seq))
  }
  return {
    async append(entries) {
      await Promise.all([primary.append(entries), copy.append(entries)])
    },
    async readAll() {
      const [a, b] = await Promise.all([primary.readAll(), copy.readAll()])
      return union(a, b)
    },
    async readSeqs(after) {
      const [a, b] = await Promise.all([primary.readSeqs(after), copy.readSeqs(after)])
      return [...new Set([...a, ...b])].sort((x, y) => x - y)
    },
    async readAfter(seq) {
      const [a, b] = await Promise.all([primary.readAfter(seq), copy.readAfter(seq)])
      lacking = { primary: onlyIn(b, a), copy: onlyIn(a, b) }
      return union(a, b)
    },
    async restoreCopies() {
      const { primary: toPrimary, copy: toCopy } = lacking
      lacking = { primary: [], copy: [] }
      for (const run of consecutiveRuns(toPrimary)) await primary.append(run)
      for (const run of consecutiveRuns(toCopy)) await copy.append(run)
      return toPrimary.length + toCopy.length
    },
    async readMeta() {
      const [a, b] = await Promise.all([primary.readMeta(), copy.readMeta()])
      return { snapshotSeq: Math.max(a.snapshotSeq, b.snapshotSeq) }
    },
    async confirmSnapshot(snapshotSeq, dropThrough) {
      await Promise.all([
        primary.confirmSnapshot(snapshotSeq, dropThrough),
        copy.confirmSnapshot(snapshotSeq, dropThrough),
      ])
    },
    problems: () => [...(primary.problems?.() ?? []), ...(copy.problems?.() ?? [])],
    close() {
      primary.close()
      copy.close()
    },
  }
}
