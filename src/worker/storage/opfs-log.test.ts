import { encode } from 'cborg'
import initSqlJs, { type SqlJsStatic } from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createMemoryLog } from './memory-log.ts'
import { createMirroredLog } from './mirrored-log.ts'
import { type DurableStorage, openDurableStorage } from './open-durable-storage.ts'
import { batchFileName, createOpfsLogIn, OPFS_LOG_CONCURRENCY, PACK_MIN_FILES } from './opfs-log.ts'
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

/** Storage over a mirrored log (IndexedDB and a fake OPFS folder) that `open` reopens on the same copies. */
function mirroredStorage() {
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
  return { idb, fake, snapshots, open }
}

/** A log of `count` one-entry batch files, packed by a snapshot that drops nothing; `small` are their bytes. */
async function packedLog(count: number) {
  const fake = createFakeOpfsDir()
  const log = createOpfsLogIn(fake.handle)
  for (let seq = 1; seq <= count; seq++) await log.append([entry(seq)])
  const small = new Map(fake.files)
  await log.confirmSnapshot(0, 0)
  return { fake, small, packed: batchFileName(1, count) }
}

const range = (first: number, last: number): number[] =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i)

describe('packing the OPFS log', () => {
  it('packs the files a snapshot leaves into one, trimming a batch that straddles the truncation', async () => {
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    for (let seq = 1; seq <= 39; seq++) await log.append([entry(seq)])
    await log.append([entry(40), entry(41)])
    for (let seq = 42; seq <= 100; seq++) await log.append([entry(seq)])
    fake.reads = 0
    await log.confirmSnapshot(50, 40)
    expect(fake.reads).toBe(0) // the batches it wrote itself are not read back
    expect([...fake.files.keys()].sort()).toEqual([batchFileName(41, 100), 'meta.cbor'])
    const reopened = createOpfsLogIn(fake.handle)
    fake.reads = 0
    expect(await reopened.readSeqs()).toEqual(range(41, 100))
    expect(fake.reads).toBe(1)
    expect(await reopened.readAfter(0)).toEqual(range(41, 100).map(entry))
    expect(reopened.problems()).toEqual([])
  })

  it(`leaves fewer than ${PACK_MIN_FILES} files as they are`, async () => {
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    for (let seq = 1; seq < PACK_MIN_FILES; seq++) await log.append([entry(seq)])
    await log.confirmSnapshot(0, 0)
    expect(fake.files.size).toBe(PACK_MIN_FILES - 1)
  })

  it('reads a crash between the packed write and the deletes as each entry once, from the packed file', async () => {
    const { fake, small, packed } = await packedLog(40)
    // every small file back (crashed before the first delete), then half of them (crashed mid-delete)
    for (const keep of [() => true, (i: number) => i % 2 === 0]) {
      let i = 0
      for (const [name, bytes] of small) if (keep(i++)) fake.files.set(name, bytes)
      const log = createOpfsLogIn(fake.handle)
      fake.reads = 0
      expect(await log.readSeqs()).toEqual(range(1, 40))
      expect(fake.reads).toBe(1)
      expect(await log.readAfter(10)).toEqual(range(11, 40).map(entry))
      expect(log.problems()).toEqual([])
    }
    // the next snapshot finishes the job
    await createOpfsLogIn(fake.handle).confirmSnapshot(0, 0)
    expect([...fake.files.keys()]).toEqual([packed])
  })

  it('loses no entry whatever step of a pack a crash lands on', async () => {
    for (let steps = 0; ; steps++) {
      const fake = createFakeOpfsDir()
      const log = createOpfsLogIn(fake.handle)
      for (let seq = 1; seq <= 40; seq++) await log.append([entry(seq)])
      fake.crashAfter = steps
      await log.confirmSnapshot(0, 0)
      fake.crashAfter = undefined
      const reopened = createOpfsLogIn(fake.handle)
      expect(await reopened.readAfter(0), `crash after ${steps} changes`).toEqual(range(1, 40).map(entry))
      // a crash before the packed file's swap leaves it empty: named, and the small files read instead
      expect(reopened.problems().length, `crash after ${steps} changes`).toBe(steps < 2 && steps > 0 ? 1 : 0)
      if (!fake.crashed) {
        expect(steps).toBe(42) // create, swap, 40 removals
        expect([...fake.files.keys()]).toEqual([batchFileName(1, 40)])
        break
      }
    }
  })

  it('falls back to the small files when the packed file is bad, names it, and repacks', async () => {
    const { fake, small, packed } = await packedLog(40)
    for (const [name, bytes] of small) fake.files.set(name, bytes)
    for (const bad of [
      new Uint8Array(),
      encode(range(1, 40).map(entry)).subarray(0, 60),
      encode([entry(1)]),
    ]) {
      fake.files.set(packed, bad)
      const log = createOpfsLogIn(fake.handle)
      expect(await log.readAfter(0)).toEqual(range(1, 40).map(entry))
      expect(log.problems()).toHaveLength(1)
      expect(log.problems()[0]).toContain(`OPFS log file ${packed} counted as absent`)
    }
    const log = createOpfsLogIn(fake.handle)
    await log.confirmSnapshot(0, 0)
    expect([...fake.files.keys()]).toEqual([packed])
    const reopened = createOpfsLogIn(fake.handle)
    expect(await reopened.readAfter(0)).toEqual(range(1, 40).map(entry))
    expect(reopened.problems()).toEqual([])
  })

  it('packs around a bad small file, which stays named until the truncation passes it', async () => {
    const fake = createFakeOpfsDir()
    const log = createOpfsLogIn(fake.handle)
    for (let seq = 1; seq <= 60; seq++) await log.append([entry(seq)])
    fake.files.set(batchFileName(30, 30), encode([entry(31)]))
    const reopened = createOpfsLogIn(fake.handle)
    await reopened.confirmSnapshot(0, 0)
    expect([...fake.files.keys()].sort()).toEqual([
      batchFileName(1, 29),
      batchFileName(30, 30),
      batchFileName(31, 60),
    ])
    expect(await reopened.readSeqs()).toEqual([...range(1, 29), ...range(31, 60)])
    expect(reopened.problems()).toHaveLength(1)
  })

  it('reads partly overlapping files as one entry per sequence, the wider file’s', async () => {
    const fake = createFakeOpfsDir()
    const other = (seq: number): LogEntry => ({ seq, ops: [{ sql: `SELECT ${seq}` }] })
    fake.files.set(batchFileName(1, 10), encode(range(1, 10).map(entry)))
    fake.files.set(batchFileName(5, 20), encode(range(5, 20).map(other)))
    fake.files.set(batchFileName(7, 7), encode([entry(7)]))
    const log = createOpfsLogIn(fake.handle)
    expect(await log.readAfter(0)).toEqual([...range(1, 4).map(entry), ...range(5, 20).map(other)])
    expect(fake.reads).toBe(2)
  })
})

describe('opening with a bad OPFS batch file', () => {
  async function setUp() {
    const { idb, fake, snapshots, open } = mirroredStorage()
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

describe('opening after a pack whose file went bad', () => {
  it('opens whole from IndexedDB, names the packed file, and refuses when IndexedDB lost it too', async () => {
    const { idb, fake, snapshots, open } = mirroredStorage()
    const storage = await open()
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY)')
    await storage.snapshotNow()
    for (let i = 0; i < 40; i++) {
      storage.driver.run('INSERT INTO kv VALUES (?)', [`k${i}`])
      await storage.driver.flush()
    }
    await storage.snapshotNow() // seq 41 in slot 1; the log keeps 2..41 for slot 0, packed
    await storage.close()
    const packed = batchFileName(2, 41)
    expect([...fake.files.keys()].filter((n) => n.endsWith('.cbor') && n !== 'meta.cbor')).toEqual([packed])
    // slot 1 gone, so the open needs the log from 2 on; the packed file is bad
    snapshots.slots.delete(1)
    fake.files.set(packed, encode([{ seq: 2, ops: [] }]))
    const reopened = await open()
    expect(reopened.driver.all<{ n: number }>('SELECT count(*) AS n FROM kv')[0]?.n).toBe(40)
    expect(reopened.report.warnings.some((w) => w.includes(packed))).toBe(true)
    await reopened.close()
    snapshots.slots.delete(1)
    fake.files.set(packed, encode([{ seq: 2, ops: [] }]))
    idb.entries.delete(20)
    const failure = await open().then(
      () => undefined,
      (err: unknown) => err as Error,
    )
    expect(failure?.name).toBe('CorruptStorageError')
    expect(failure?.message).toContain(packed)
  })
})

describe('opening past the newest snapshot (issue 12)', () => {
  /** Two snapshots with writes between them, whose log files the older slot keeps, and one write after. */
  async function setUp() {
    const { idb, fake, snapshots, open } = mirroredStorage()
    const storage = await open()
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY)')
    await storage.snapshotNow() // slot 0 at seq 1
    for (const k of ['a', 'b', 'c']) {
      storage.driver.run('INSERT INTO kv VALUES (?)', [k])
      await storage.driver.flush()
    }
    await storage.snapshotNow() // slot 1 at seq 4; the log keeps 2..4 for slot 0
    storage.driver.run('INSERT INTO kv VALUES (?)', ['d'])
    await storage.close()
    const kept = [...fake.files.keys()].filter((n) => n.endsWith('.cbor') && n !== 'meta.cbor').sort()
    expect(kept).toEqual([2, 3, 4, 5].map((seq) => batchFileName(seq, seq)))
    return { idb, fake, snapshots, open }
  }
  const keys = (s: DurableStorage) =>
    s.driver.all<{ k: string }>('SELECT k FROM kv ORDER BY k').map((r) => r.k)

  it('reads none of the log files the newest snapshot already holds', async () => {
    const { fake, open } = await setUp()
    fake.reads = 0
    const storage = await open()
    expect(keys(storage)).toEqual(['a', 'b', 'c', 'd'])
    expect(storage.report).toMatchObject({ baseSlot: 1, replayed: 1, warnings: [] })
    // meta.cbor and the one file after seq 4
    expect(fake.reads).toBe(2)
    await storage.close()
  })

  it('reads them all when the newest snapshot is corrupt, and opens whole from the older one', async () => {
    const { fake, snapshots, open } = await setUp()
    const newest = snapshots.slots.get(1)!
    newest[newest.length - 10]! ^= 0xff
    fake.reads = 0
    const storage = await open()
    expect(keys(storage)).toEqual(['a', 'b', 'c', 'd'])
    expect(storage.report).toMatchObject({ baseSlot: 0, replayed: 4 })
    // meta.cbor, the file after seq 4, then all four (the corrupt case pays one file twice)
    expect(fake.reads).toBe(6)
    await storage.close()
  })

  it('refuses to open when the newest snapshot is corrupt and a file it made skippable is bad in both copies', async () => {
    const { idb, fake, snapshots, open } = await setUp()
    const newest = snapshots.slots.get(1)!
    newest[newest.length - 10]! ^= 0xff
    fake.files.set(batchFileName(3, 3), encode([{ seq: 3, ops: [{ sql: 7 }] }]))
    idb.entries.delete(3)
    const failure = await open().then(
      () => undefined,
      (err: unknown) => err as Error,
    )
    expect(failure?.name).toBe('CorruptStorageError')
    expect(failure?.message).toContain(batchFileName(3, 3))
  })
})
