/**
 * A copy of the write-ahead log in the origin private file system (docs/design.md §7): one file per
 * appended batch, named by its sequence range, written with `writeOpfsFile` so a crash leaves the
 * file whole or absent. It exists because Chromium's IndexedDB (LevelDB with `reuse_logs`) can drop
 * transactions it reported committed once a kill lands mid-record (google/leveldb#1287); the log is
 * written to both, and an open reads the union (`mirrored-log.ts`).
 *
 * Every batch file is read and checked entry by entry (`log-batch-shape.ts`) before its sequence
 * numbers count: a file that does not decode to exactly the entries its name promises counts as
 * absent and is named in `problems()`, so the restore plan sees the gap. Files are read and
 * deleted many at once (OPFS calls are slow one by one; the kill test leaves thousands).
 */
import { decode, encode } from 'cborg'
import { StorageWriteError } from '../../core/errors.ts'
import { expectLogBatch } from './log-batch-shape.ts'
import { forEachBounded, writeOpfsFile } from './opfs-file.ts'
import type { LogEntry, LogMeta, WriteAheadLog } from './write-ahead-log.ts'

const META_FILE = 'meta.cbor'
const DIGITS = 15
/** OPFS calls in flight at once when reading or deleting batch files. */
export const OPFS_LOG_CONCURRENCY = 16

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
export async function createOpfsLog(dirName = 'wal'): Promise<WriteAheadLog> {
  const root = await navigator.storage.getDirectory()
  const dir = await (await root.getDirectoryHandle('distsoc', { create: true })).getDirectoryHandle(dirName, {
    create: true,
  })
  return createOpfsLogIn(dir)
}

interface BatchFile {
  name: string
  first: number
  last: number
}

/** The log's batch files as one read found them: the entries of the good ones, why the others failed. */
interface Scan {
  entries: LogEntry[]
  problems: string[]
}

/** The log over an open directory handle (the browser's OPFS one, or a fake in tests). */
export function createOpfsLogIn(dir: FileSystemDirectoryHandle): WriteAheadLog & { problems(): string[] } {
  // The open asks for the sequence numbers, then for the entries after its base: one read serves both.
  let held: Scan | undefined
  let problems: string[] = []

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
  const scan = async (after: number): Promise<Scan> => {
    const files = (await batches()).filter((b) => b.last > after)
    const read: (LogEntry[] | undefined)[] = new Array(files.length)
    const failed: string[] = []
    await forEachBounded(files, OPFS_LOG_CONCURRENCY, async (b, i) => {
      try {
        read[i] = await readBatch(b)
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err)
        failed.push(`OPFS log file ${b.name} counted as absent: ${reason}`)
      }
    })
    problems = failed.sort()
    return { entries: read.flatMap((batch) => batch ?? []), problems }
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
  const readAfter = async (seq: number): Promise<LogEntry[]> => {
    const scanned = held ?? (await scan(seq))
    held = undefined
    return scanned.entries.filter((e) => e.seq > seq)
  }

  return {
    async append(entries) {
      held = undefined
      const first = entries[0]?.seq
      const last = entries.at(-1)?.seq
      if (first === undefined || last === undefined) return
      if (last - first + 1 !== entries.length)
        throw new StorageWriteError('log batch: sequence numbers not contiguous')
      await writeOpfsFile(
        dir,
        batchFileName(first, last),
        encode(entries, { ignoreUndefinedProperties: true }),
      )
    },
    readAll: () => readAfter(0),
    async readSeqs() {
      held = await scan(0)
      return held.entries.map((e) => e.seq)
    },
    readAfter,
    readMeta,
    async confirmSnapshot(snapshotSeq, dropThrough) {
      held = undefined
      if (snapshotSeq > (await readMeta()).snapshotSeq)
        await writeOpfsFile(dir, META_FILE, encode({ snapshotSeq }))
      const dropped = (await batches()).filter((b) => b.last <= dropThrough)
      await forEachBounded(dropped, OPFS_LOG_CONCURRENCY, async (b) => {
        await dir.removeEntry(b.name).catch(() => {})
      })
    },
    problems: () => [...problems],
    close() {},
  }
}
