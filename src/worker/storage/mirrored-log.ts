/**
 * The write-ahead log kept in two stores at once (docs/design.md §7): an append is acknowledged only
 * when both have it, and an open reads the union, so a store that silently loses committed entries
 * (Chromium's IndexedDB after a kill mid-record, see `opfs-log.ts`) costs nothing while the other
 * holds them.
 */
import type { LogEntry, WriteAheadLog } from './write-ahead-log.ts'

/** One log over `primary` and `copy`; reads prefer `primary`'s entry for a sequence both hold. */
export function createMirroredLog(primary: WriteAheadLog, copy: WriteAheadLog): WriteAheadLog {
  const union = (a: readonly LogEntry[], b: readonly LogEntry[]): LogEntry[] => {
    const bySeq = new Map<number, LogEntry>()
    for (const e of b) bySeq.set(e.seq, e)
    for (const e of a) bySeq.set(e.seq, e)
    return [...bySeq.values()].sort((x, y) => x.seq - y.seq)
  }
  return {
    async append(entries) {
      await Promise.all([primary.append(entries), copy.append(entries)])
    },
    async readAll() {
      const [a, b] = await Promise.all([primary.readAll(), copy.readAll()])
      return union(a, b)
    },
    async readSeqs() {
      const [a, b] = await Promise.all([primary.readSeqs(), copy.readSeqs()])
      return [...new Set([...a, ...b])].sort((x, y) => x - y)
    },
    async readAfter(seq) {
      const [a, b] = await Promise.all([primary.readAfter(seq), copy.readAfter(seq)])
      return union(a, b)
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
