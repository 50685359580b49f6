/**
 * The write-ahead log of sql.js mutations in IndexedDB (docs/design.md §7). An append resolves only when
 * its IDB transaction has completed with `durability: 'strict'` (flushed to disk), which is what
 * lets the RPC acknowledge a write. Entries are keyed by a gap-free sequence number.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb'
import type { SqlParam } from '../../core/storage/index.ts'

/** One recorded statement: with `params` it was a `run`, without it an `exec`. */
export interface LogOp {
  sql: string
  params?: SqlParam[]
}

/** One log entry: a lone statement or a whole committed transaction. */
export interface LogEntry {
  seq: number
  ops: LogOp[]
}

/** What is kept beside the log. */
export interface LogMeta {
  /** The highest sequence a snapshot was ever confirmed at (0: none). */
  snapshotSeq: number
}

/** The log as the durable driver needs it; `createIdbLog` and in-memory test logs implement it. */
export interface WriteAheadLog {
  /**
   * Appends entries in one IDB transaction; resolves once it is committed to disk. Contract: the
   * caller never changes an entry (its `ops` or their `params`) once appended, and whoever reads
   * entries back never changes them either — a log may keep the very objects (the OPFS log keeps
   * its recent batches for packing without a copy, issue 12). `createDurableDriver` builds each
   * entry from copied params and lets go of it.
   */
  append(entries: readonly LogEntry[]): Promise<void>
  /** Every entry, ordered by `seq`. */
  readAll(): Promise<LogEntry[]>
  /**
   * The sequence numbers held after `after` (default 0: all), ascending. The open asks only past
   * the newest snapshot first (issue 12): a log whose copy must read its entries to vouch for them
   * (OPFS) then skips the ones a snapshot already holds.
   */
  readSeqs(after?: number): Promise<number[]>
  /** The entries after `seq`, ordered (open reads only what it replays, issue 12). */
  readAfter(seq: number): Promise<LogEntry[]>
  readMeta(): Promise<LogMeta>
  /** Records a confirmed snapshot at `snapshotSeq` and deletes entries with seq ≤ `dropThrough`. */
  confirmSnapshot(snapshotSeq: number, dropThrough: number): Promise<void>
  /**
   * Writes into each store of a mirrored log the entries the last `readAfter` found only in the
   * other; resolves to how many were written. The open calls it before any new write.
   */
  restoreCopies?(): Promise<number>
  /** What the last read counted as absent and why (an unreadable OPFS batch file), for the open report. */
  problems?(): string[]
  close(): void
}

interface LogSchema extends DBSchema {
  log: { key: number; value: LogEntry }
  meta: { key: string; value: number }
}

/** Opens (creating if needed) the IDB log database `name`. */
export async function createIdbLog(name = 'distsoc-wal'): Promise<WriteAheadLog> {
  const db: IDBPDatabase<LogSchema> = await openDB<LogSchema>(name, 1, {
    upgrade(upgradeDb) {
      upgradeDb.createObjectStore('log', { keyPath: 'seq' })
      upgradeDb.createObjectStore('meta')
    },
  })
  const strict = { durability: 'strict' } as const
  return {
    async append(entries) {
      const tx = db.transaction('log', 'readwrite', strict)
      await Promise.all([...entries.map((entry) => tx.store.add(entry)), tx.done])
    },
    async readAll() {
      return db.getAll('log')
    },
    async readSeqs(after = 0) {
      return db.getAllKeys('log', IDBKeyRange.lowerBound(after, true))
    },
    async readAfter(seq) {
      return db.getAll('log', IDBKeyRange.lowerBound(seq, true))
    },
    async readMeta() {
      return { snapshotSeq: (await db.get('meta', 'snapshotSeq')) ?? 0 }
    },
    async confirmSnapshot(snapshotSeq, dropThrough) {
      const tx = db.transaction(['log', 'meta'], 'readwrite', strict)
      const meta = tx.objectStore('meta')
      const previous = (await meta.get('snapshotSeq')) ?? 0
      const writes: Promise<unknown>[] = [tx.done]
      if (snapshotSeq > previous) writes.push(meta.put(snapshotSeq, 'snapshotSeq'))
      if (dropThrough > 0) writes.push(tx.objectStore('log').delete(IDBKeyRange.upperBound(dropThrough)))
      await Promise.all(writes)
    },
    close() {
      db.close()
    },
  }
}
