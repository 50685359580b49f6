/**
 * A copy of the write-ahead log in the origin private file system (docs/design.md §7): one file per
 * appended batch, named by its sequence range, written with `createWritable()` so a crash leaves the
 * file whole or absent. It exists because Chromium's IndexedDB (LevelDB with `reuse_logs`) can drop
 * transactions it reported committed once a kill lands mid-record (google/leveldb#1287); the log is
 * written to both, and an open reads the union (`mirrored-log.ts`).
 */
import { decode, encode } from 'cborg'
import { StorageWriteError } from '../../core/errors.ts'
import type { LogEntry, LogMeta, WriteAheadLog } from './write-ahead-log.ts'

const META_FILE = 'meta.cbor'
const DIGITS = 15

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

  const batches = async (): Promise<{ name: string; first: number; last: number }[]> => {
    const out: { name: string; first: number; last: number }[] = []
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
      const range = parseBatchFileName(name)
      if (range !== undefined) out.push({ name, ...range })
    }
    return out.sort((a, b) => a.first - b.first)
  }
  const readBatch = async (name: string): Promise<LogEntry[]> => {
    try {
      const bytes = new Uint8Array(await (await (await dir.getFileHandle(name)).getFile()).arrayBuffer())
      const value: unknown = decode(bytes, { useMaps: false })
      return Array.isArray(value) ? (value as LogEntry[]) : []
    } catch {
      // An unreadable batch counts as absent: the restore plan then sees the gap and says so.
      return []
    }
  }
  const writeFile = async (name: string, bytes: Uint8Array): Promise<void> => {
    const writable = await (await dir.getFileHandle(name, { create: true })).createWritable()
    try {
      await writable.write(bytes as Uint8Array<ArrayBuffer>)
      await writable.close()
    } catch (err) {
      await writable.abort().catch(() => {})
      throw err
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
  const readAfter = async (seq: number): Promise<LogEntry[]> => {
    const out: LogEntry[] = []
    for (const b of await batches()) {
      if (b.last <= seq) continue
      for (const entry of await readBatch(b.name)) if (entry.seq > seq) out.push(entry)
    }
    return out
  }

  return {
    async append(entries) {
      const first = entries[0]?.seq
      const last = entries.at(-1)?.seq
      if (first === undefined || last === undefined) return
      if (last - first + 1 !== entries.length)
        throw new StorageWriteError('log batch: sequence numbers not contiguous')
      await writeFile(batchFileName(first, last), encode(entries, { ignoreUndefinedProperties: true }))
    },
    readAll: () => readAfter(0),
    async readSeqs() {
      const seqs: number[] = []
      for (const b of await batches()) for (let s = b.first; s <= b.last; s++) seqs.push(s)
      return seqs
    },
    readAfter,
    readMeta,
    async confirmSnapshot(snapshotSeq, dropThrough) {
      if (snapshotSeq > (await readMeta()).snapshotSeq) await writeFile(META_FILE, encode({ snapshotSeq }))
      for (const b of await batches()) {
        if (b.last <= dropThrough) await dir.removeEntry(b.name).catch(() => {})
      }
    },
    close() {},
  }
}
