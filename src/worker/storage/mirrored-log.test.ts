import initSqlJs, { type SqlJsStatic } from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { StorageWriteError } from '../../core/errors.ts'
import { createMemoryLog } from './memory-log.ts'
import { createMirroredLog } from './mirrored-log.ts'
import { type DurableStorage, openDurableStorage } from './open-durable-storage.ts'
import { batchFileName, parseBatchFileName } from './opfs-log.ts'
import { createMemorySnapshotStore } from './snapshot-store.ts'

let SQL: SqlJsStatic
beforeAll(async () => {
  SQL = await initSqlJs()
})

function stores() {
  return { idb: createMemoryLog(), opfs: createMemoryLog(), snapshots: createMemorySnapshotStore() }
}

function open(s: ReturnType<typeof stores>): Promise<DurableStorage> {
  return openDurableStorage({
    sql: SQL,
    log: createMirroredLog(s.idb, s.opfs),
    snapshots: s.snapshots,
    debounceMs: 60_000,
    maxDelayMs: 60_000,
  })
}

async function write(storage: DurableStorage, keys: string[]): Promise<void> {
  for (const k of keys) storage.driver.run('INSERT INTO kv VALUES (?, ?)', [k, new Uint8Array([k.length])])
  await storage.driver.flush()
}

function keys(storage: DurableStorage): string[] {
  return storage.driver.all<{ k: string }>('SELECT k FROM kv ORDER BY k').map((r) => r.k)
}

describe('the mirrored write-ahead log', () => {
  it('acknowledges a write only once both stores hold it', async () => {
    const s = stores()
    const storage = await open(s)
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)')
    await write(storage, ['a', 'b'])
    expect([...s.idb.entries.keys()]).toEqual([1, 2, 3])
    expect([...s.opfs.entries.keys()]).toEqual([1, 2, 3])
    s.opfs.failNext = true
    storage.driver.run('INSERT INTO kv VALUES (?, ?)', ['c', null])
    await expect(storage.driver.flush()).rejects.toBeInstanceOf(StorageWriteError)
  })

  it('restores every acknowledged write when one store silently lost its entries after a snapshot', async () => {
    const s = stores()
    let storage = await open(s)
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)')
    await write(storage, ['a', 'b'])
    await storage.snapshotNow()
    await write(storage, ['c', 'd', 'e'])
    const before = keys(storage)
    await storage.close()
    // What Chromium's IndexedDB did after a kill: the entries after the snapshot, and its meta, gone.
    s.idb.entries.clear()
    s.idb.snapshotSeq = 0
    storage = await open(s)
    expect(keys(storage)).toEqual(before)
    expect(storage.report.replayed).toBe(3)
    // Lost from the other store instead: the same.
    await write(storage, ['f'])
    const after = keys(storage)
    await storage.close()
    for (const seq of [...s.opfs.entries.keys()]) if (seq > 6) s.opfs.entries.delete(seq)
    storage = await open(s)
    expect(keys(storage)).toEqual(after)
    await storage.close()
  })

  it('writes an entry the open found in one store only into the other, so a later loss there costs nothing', async () => {
    const s = stores()
    let storage = await open(s)
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)')
    await write(storage, ['a'])
    await storage.close()
    // A kill between the two stores' appends: IndexedDB committed entry 3, the OPFS file never closed.
    s.idb.entries.set(3, { seq: 3, ops: [{ sql: 'INSERT INTO kv VALUES (?, ?)', params: ['b', null] }] })
    storage = await open(s)
    expect(keys(storage)).toEqual(['a', 'b'])
    expect([...s.opfs.entries.keys()]).toEqual([1, 2, 3])
    await write(storage, ['c'])
    await storage.close()
    // Chromium's IndexedDB then drops entry 3 after a later kill (google/leveldb#1287).
    s.idb.entries.delete(3)
    storage = await open(s)
    expect(keys(storage)).toEqual(['a', 'b', 'c'])
    await storage.close()
  })

  it('still refuses to open when neither store reaches the newest snapshot-confirmed write', async () => {
    const s = stores()
    const storage = await open(s)
    storage.driver.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)')
    await write(storage, ['a'])
    await storage.snapshotNow()
    await write(storage, ['b'])
    await storage.snapshotNow()
    await storage.close()
    // Both slots gone, while the logs' meta says a snapshot at seq 3 was confirmed.
    s.snapshots.slots.clear()
    await expect(open(s)).rejects.toMatchObject({ name: 'CorruptStorageError' })
  })
})

describe('OPFS batch file names', () => {
  it('sort by sequence and parse back; any other name is not a batch', () => {
    const names = [batchFileName(10, 12), batchFileName(9, 9), batchFileName(100, 140)]
    expect([...names].sort()).toEqual([batchFileName(9, 9), batchFileName(10, 12), batchFileName(100, 140)])
    expect(parseBatchFileName(batchFileName(10, 12))).toEqual({ first: 10, last: 12 })
    for (const bad of [
      'meta.cbor',
      '000000000000010-000000000000009.cbor',
      'x.cbor',
      `${batchFileName(1, 2)}.crswap`,
    ])
      expect(parseBatchFileName(bad)).toBeUndefined()
  })
})
