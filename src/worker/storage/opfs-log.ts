/**
 * A copy of the write-ahead log in the origin private file system (docs/design.md §7): one file per
 * appended batch, named by its sequence range, written with `writeOpfsFile` so a crash leaves the
 * file whole or absent. It exists because Chromium's IndexedDB (LevelDB with `reuse_logs`) can drop
 * transactions it reported committed once a kill lands mid-record (google/leveldb#1287); the log is
 * written to both, and an open reads the union (`mirrored-log.ts`).
 *
 * Every batch file is read and checked entry by entry (`log-batch-shape.ts`) before its sequence
 * numbers count: a file that does not decode to exactly the entries its name promises counts as
 * absent and is named in `problems()`, so the restore plan sees the gap (a read past a sequence
 * number reads, and names, only the files that reach past it). Files are read and
 * deleted many at once (OPFS calls are slow one by one; the kill test leaves thousands).
 *
 * Small files are packed when a snapshot is confirmed: with `PACK_MIN_FILES` or more left after the
 * truncation, each run of consecutive entries is written as one file first and the files it covers
 * are deleted after, so a crash at any point leaves the old files or the packed one (or both:
 * overlapping ranges resolve as `batch-ranges.ts` says) and no acknowledged entry is lost.
 */
import { decode, encode } from 'cborg'
import { StorageWriteError } from '../../core/errors.ts'
import {
  type BatchFile,
  consecutiveRuns,
  mergeBatches,
  outermostFiles,
  rangeContains,
} from './batch-ranges.ts'
import { expectLogBatch } from './log-batch-shape.ts'
import { forEachBounded, writeOpfsFile } from './opfs-file.ts'
import type { LogEntry, LogMeta, WriteAheadLog } from './write-ahead-log.ts'

const META_FILE = 'meta.cbor'
const DIGITS = 15
/** OPFS calls in flight at once when reading or deleting batch files. */
export const OPFS_LOG_CONCURRENCY = 16
/** Batch files left after a snapshot's truncation from which they are packed (an open reads 16 at once). */
export const PACK_MIN_FILES = 32
/** Bytes of appended batches kept in memory so a pack need not read them back. */
const WRITTEN_CACHE_BYTES = 8 * 1024 * 1024

/** A batch file's name: `<first seq>-<last seq>.cbor`, zero-padded so names sort by sequence. */
export function batchFileName(first: number, last: number): string {
  return `${String(first).padStart(DIGITS, '0')}-${String(last).padStart(DIGITS, '0')}.cbor`
}

/** The sequence range of a batch file's name, or undefined for any other name. */
export function parseBatchFileName(name: string): { first: number; last: number } | undefined {
  const m = /^(\d{15})-(\d{15})\.cbor$/.exec(name)
  if (m === null) return undefined
  const first = Number(m[1])
  const last = Number(m[2])
  return first >= 1 && last >= first ? { first, last } : undefined
}

/** Opens (creating if needed) the log directory `distsoc/<dirName>` in OPFS. */
export async function createOpfsLog(dirName = 'wal'): Promise<OpfsLog> {
  const root = await navigator.storage.getDirectory()
  const dir = await (await root.getDirectoryHandle('distsoc', { create: true })).getDirectoryHandle(dirName, {
    create: true,
  })
  return createOpfsLogIn(dir)
}

/** The OPFS log: a `WriteAheadLog` that names its unreadable files. */
export type OpfsLog = WriteAheadLog & { problems(): string[] }

/** What one read of a set of batch files found: the good files' entries, why the others failed. */
interface Read {
  good: { file: BatchFile; entries: LogEntry[] }[]
  failed: string[]
}

/** The log over an open directory handle (the browser's OPFS one, or a fake in tests). */
export function createOpfsLogIn(dir: FileSystemDirectoryHandle): OpfsLog {
  // The open asks for the sequence numbers, then for the entries after its base: one read serves
  // both when the base is no older than what the first read started after.
  let held: { after: number; entries: LogEntry[] } | undefined
  let problems: string[] = []
  // Reads, truncations and packs one at a time (appends only add files with new names).
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task)
    queue = next.catch(() => {})
    return next
  }
  const written = new Map<string, { entries: readonly LogEntry[]; bytes: number }>()
  let writtenBytes = 0
  const forget = (name: string): void => {
    writtenBytes -= written.get(name)?.bytes ?? 0
    written.delete(name)
  }
  const remember = (name: string, entries: readonly LogEntry[], bytes: number): void => {
    forget(name)
    if (writtenBytes + bytes > WRITTEN_CACHE_BYTES) return
    written.set(name, { entries, bytes })
    writtenBytes += bytes
  }

  const batches = async (): Promise<BatchFile[]> => {
    const out: BatchFile[] = []
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
      const range = parseBatchFileName(name)
      if (range !== undefined) out.push({ name, ...range })
    }
    return out.sort((a, b) => a.first - b.first)
  }
  const readBatch = async (b: BatchFile): Promise<LogEntry[]> => {
    const bytes = new Uint8Array(await (await (await dir.getFileHandle(b.name)).getFile()).arrayBuffer())
    return expectLogBatch(decode(bytes, { useMaps: false }), b, `OPFS log file ${b.name}`)
  }
  /** Reads the outermost files, then the files inside any that failed, until none is left to try. */
  const readCovering = async (files: readonly BatchFile[], useWritten: boolean): Promise<Read> => {
    const read: Read = { good: [], failed: [] }
    let round = outermostFiles(files)
    while (round.length > 0) {
      const bad: BatchFile[] = []
      await forEachBounded(round, OPFS_LOG_CONCURRENCY, async (file) => {
        const known = useWritten ? written.get(file.name) : undefined
        try {
          read.good.push({ file, entries: known === undefined ? await readBatch(file) : [...known.entries] })
        } catch (err) {
          bad.push(file)
          const reason = err instanceof Error ? err.message : String(err)
          read.failed.push(`OPFS log file ${file.name} counted as absent: ${reason}`)
        }
      })
      round = outermostFiles(files.filter((f) => bad.some((b) => rangeContains(b, f))))
    }
    read.failed.sort()
    return read
  }
  const scan = async (after: number): Promise<LogEntry[]> => {
    const read = await readCovering(
      (await batches()).filter((b) => b.last > after),
      false,
    )
    problems = read.failed
    return mergeBatches(read.good)
  }
  /** Packs each run of consecutive entries after `dropThrough` held by more than one file. */
  const pack = async (files: readonly BatchFile[], dropThrough: number): Promise<void> => {
    const read = await readCovering(files, true)
    const goodNames = new Set(read.good.map((g) => g.file.name))
    for (const run of consecutiveRuns(mergeBatches(read.good).filter((e) => e.seq > dropThrough))) {
      const first = run[0]?.seq ?? 0
      const last = run.at(-1)?.seq ?? 0
      const covered = files.filter((f) => Math.max(f.first, dropThrough + 1) >= first && f.last <= last)
      if (covered.length < 2) continue
      const name = batchFileName(first, last)
      if (!goodNames.has(name)) {
        const bytes = encode(run, { ignoreUndefinedProperties: true })
        await writeOpfsFile(dir, name, bytes)
        remember(name, run, bytes.byteLength)
      }
      const replaced = covered.filter((f) => f.name !== name)
      for (const f of replaced) forget(f.name)
      await forEachBounded(replaced, OPFS_LOG_CONCURRENCY, async (f) => {
        await dir.removeEntry(f.name).catch(() => {})
      })
    }
  }
  const readMeta = async (): Promise<LogMeta> => {
    try {
      const bytes = new Uint8Array(await (await (await dir.getFileHandle(META_FILE)).getFile()).arrayBuffer())
      const value = decode(bytes) as { snapshotSeq?: unknown }
      return { snapshotSeq: typeof value.snapshotSeq === 'number' ? value.snapshotSeq : 0 }
    } catch {
      return { snapshotSeq: 0 }
    }
  }
  const readAfter = (seq: number): Promise<LogEntry[]> =>
    serially(async () => {
      const entries = held !== undefined && held.after <= seq ? held.entries : await scan(seq)
      held = undefined
      return entries.filter((e) => e.seq > seq)
    })

  return {
    async append(entries) {
      held = undefined
      const first = entries[0]?.seq
      const last = entries.at(-1)?.seq
      if (first === undefined || last === undefined) return
      if (last - first + 1 !== entries.length)
        throw new StorageWriteError('log batch: sequence numbers not contiguous')
      const name = batchFileName(first, last)
      const bytes = encode(entries, { ignoreUndefinedProperties: true })
      await writeOpfsFile(dir, name, bytes)
      // No copy: appended entries never change (the `append` contract, write-ahead-log.ts).
      remember(name, entries, bytes.byteLength)
    },
    readAll: () => readAfter(0),
    readSeqs: (after = 0) =>
      serially(async () => {
        held = { after, entries: await scan(after) }
        return held.entries.filter((e) => e.seq > after).map((e) => e.seq)
      }),
    readAfter,
    readMeta,
    confirmSnapshot: (snapshotSeq, dropThrough) =>
      serially(async () => {
        held = undefined
        if (snapshotSeq > (await readMeta()).snapshotSeq)
          await writeOpfsFile(dir, META_FILE, encode({ snapshotSeq }))
        const files = await batches()
        const dropped = files.filter((b) => b.last <= dropThrough)
        for (const b of dropped) forget(b.name)
        await forEachBounded(dropped, OPFS_LOG_CONCURRENCY, async (b) => {
          await dir.removeEntry(b.name).catch(() => {})
        })
        const kept = files.filter((b) => b.last > dropThrough)
        // A failed pack leaves the small files, each still whole; the next snapshot tries again.
        if (kept.length >= PACK_MIN_FILES) await pack(kept, dropThrough).catch(() => {})
      }),
    problems: () => [...problems],
    close() {},
  }
}
