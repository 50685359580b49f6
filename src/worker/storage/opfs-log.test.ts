import { encode } from 'cborg'
import initSqlJs, { type SqlJsStatic } from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createMemoryLog } from './memory-log.ts'
import { createMirroredLog } from './mirrored-log.ts'
import { type DurableStorage, openDurableStorage } from './open-durable-storage.ts'
import { batchFileName, createOpfsLogIn, OPFS_LOG_CONCURRENCY } from './opfs-log.ts'
import { createMemorySnapshotStore } from './snapshot-store.ts'
import { createFakeOpfsDir } from './test-support/fake-opfs-dir.ts'
import type { LogEntry } from './write-ahead-log.ts'

let SQL: SqlJsStatic
beforeAll(async () => {
  SQL = await initSqlJs()
})

const entry = (seq: number): LogEntry => ({
  seq,
  ops: [{ sql: 'INSERT INTO kv VALUES (?, ?)', params: [`k${seq}`, new Uint8Array([seq & 255])] }],
})

describe('the OPFS copy of the write-ahead log', () => {
  it('reads back what it appended, one file per batch', async () => {
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    await log.append([{ seq: 1, ops: [{ sql: 'CREATE TABLE kv (k TEXT, v BLOB)' }] }])
    await log.append([entry(2), entry(3)])
    expect([...fake.files.keys()].sort()).toEqual([batchFileName(1, 1), batchFileName(2, 3)])
    expect(await log.readSeqs()).toEqual([1, 2, 3])
    expect(await log.readAfter(1)).toEqual([entry(2), entry(3)])
    expect(log.problems()).toEqual([])
  })

  it('counts a file of the wrong shape as absent and names it, entry by entry', async () => {
    const bad: Record<string, unknown> = {
      [batchFileName(2, 2)]: [{ seq: 2, ops: 'DROP TABLE kv' }],
      [batchFileName(3, 3)]: [{ seq: 4, ops: [] }],
      [batchFileName(4, 5)]: [entry(4)],
      [batchFileName(6, 6)]: [{ seq: 6, ops: [{ sql: 'SELECT 1', params: [{}] }] }],
      [batchFileName(7, 7)]: [{ seq: 7, ops: [], extra: 1 }],
      [batchFileName(8, 8)]: { seq: 8, ops: [] },
    }
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    await log.append([entry(1)])
    for (const [name, value] of Object.entries(bad)) fake.files.set(name, encode(value))
    fake.files.set(batchFileName(9, 9), encode([entry(9)]).subarray(0, 5)) // truncated CBOR
    await log.append([entry(10)])
    expect(await log.readSeqs()).toEqual([1, 10])
    const problems = log.problems()
    expect(problems).toHaveLength(7)
    for (const name of [...Object.keys(bad), batchFileName(9, 9)])
      expect(problems.some((p) => p.includes(`OPFS log file ${name} counted as absent`))).toBe(true)
    expect(problems.find((p) => p.includes(batchFileName(2, 2)))).toContain('.ops must be an array')
    expect(await log.readAfter(0)).toEqual([entry(1), entry(10)])
  })

  it('reads and deletes 1,000 batch files at most OPFS_LOG_CONCURRENCY at a time', async () => {
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    for (let seq = 1; seq <= 1000; seq++) await log.append([entry(seq)])
    expect(await log.readSeqs()).toHaveLength(1000)
    expect((await log.readAfter(990)).map((e) => e.seq)).toEqual([
      991, 992, 993, 994, 995, 996, 997, 998, 999, 1000,
    ])
    expect(fake.peakInFlight).toBe(OPFS_LOG_CONCURRENCY)
    fake.peakInFlight = 0
    await log.confirmSnapshot(1000, 999)
    expect(fake.removals).toBe(999)
    expect(fake.peakInFlight).toBe(OPFS_LOG_CONCURRENCY)
    expect(await log.readSeqs()).toEqual([1000])
    expect((await log.readMeta()).snapshotSeq).toBe(1000)
  })
})

describe('opening with a bad OPFS batch file', () => {
  async function setUp() {
    const idb = createMemoryLog()
    const fake = createFakeOpfsDir()
    const snapshots = createMemorySnapshotStore()
    const open = (): Promise<DurableStorage> =>
      openDurableStorage({
        sql: SQL,
        log: createMirroredLog(idb, createOpfsLogIn(fake.handle)),
        snapshots,
        debounceMs: 60_000,
        maxDelayMs: 60_000,
      })
    const storage = await open()
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY)')
    await storage.snapshotNow()
    for (const k of ['a', 'b', 'c']) {
      storage.driver.run('INSERT INTO kv VALUES (?)', [k])
      await storage.driver.flush()
    }
    await storage.close()
    // the batch of 'b' (seq 3) now decodes to the wrong shape
    const name = batchFileName(3, 3)
    fake.files.set(name, encode([{ seq: 3, ops: [{ sql: 7 }] }]))
    return { idb, fake, snapshots, open, name }
  }

  it('opens whole from the other copy and names the file in the report', async () => {
    const { open, name } = await setUp()
    const storage = await open()
    expect(storage.driver.all<{ k: string }>('SELECT k FROM kv ORDER BY k').map((r) => r.k)).toEqual([
      'a',
      'b',
      'c',
    ])
    expect(storage.report.warnings.some((w) => w.includes(name))).toBe(true)
    await storage.close()
  })

  it('refuses to open, naming the file, when the other copy lost that entry too', async () => {
    const { idb, open, name } = await setUp()
    // what Chromium's IndexedDB can do after a kill; entry 4 is still held, so 3 is a gap
    idb.entries.delete(3)
    const failure = await open().then(
      () => undefined,
      (err: unknown) => err as Error,
    )
    expect(failure?.name).toBe('CorruptStorageError')
    expect(failure?.message).toContain(name)
    expect(failure?.message).toContain('log jumps from 2 to 4')
    expect(failure?.message).not.toContain('replay')
  })
})
