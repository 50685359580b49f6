/** An in-memory `WriteAheadLog` for tests; `failNext` makes the next append reject. */
import { StorageWriteError } from '../../core/errors.ts'
import type { LogEntry, WriteAheadLog } from './write-ahead-log.ts'

/** The in-memory log plus test hooks. */
export interface MemoryLog extends WriteAheadLog {
  entries: Map<number, LogEntry>
  snapshotSeq: number
  appends: number
  failNext: boolean
}

/** Creates an empty in-memory log; entries are deep-copied like structured clone would. */
export function createMemoryLog(): MemoryLog {
  const log: MemoryLog = {
    entries: new Map(),
    snapshotSeq: 0,
    appends: 0,
    failNext: false,
    async append(entries) {
      await Promise.resolve()
      if (log.failNext) {
        log.failNext = false
        throw new StorageWriteError('simulated append failure')
      }
      for (const e of entries) {
        if (log.entries.has(e.seq)) throw new StorageWriteError(`duplicate seq ${e.seq}`)
        log.entries.set(e.seq, structuredClone(e))
      }
      log.appends++
    },
    async readAll() {
      return [...log.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => structuredClone(e))
    },
    async readSeqs(after = 0) {
      return [...log.entries.keys()].filter((seq) => seq > after).sort((a, b) => a - b)
    },
    async readAfter(seq) {
      return (await log.readAll()).filter((e) => e.seq > seq)
    },
    async readMeta() {
      return { snapshotSeq: log.snapshotSeq }
    },
    async confirmSnapshot(snapshotSeq, dropThrough) {
      log.snapshotSeq = Math.max(log.snapshotSeq, snapshotSeq)
      for (const seq of [...log.entries.keys()]) if (seq <= dropThrough) log.entries.delete(seq)
    },
    close() {},
  }
  return log
}
