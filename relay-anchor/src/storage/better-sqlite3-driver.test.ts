import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { runSqlDriverContract } from '../../../src/core/storage/test-support/contract.ts'
import { createBetterSqlite3Driver, openBetterSqlite3Driver } from './better-sqlite3-driver.ts'

runSqlDriverContract('better-sqlite3 (memory)', () => createBetterSqlite3Driver(new Database(':memory:')))

const dir = mkdtempSync(join(tmpdir(), 'distsoc-bsq-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
runSqlDriverContract('better-sqlite3 (WAL file)', () => openBetterSqlite3Driver(join(dir, `db${n++}.sqlite`)))

describe('openBetterSqlite3Driver', () => {
  it('opens the file in WAL mode with the chosen synchronous level', () => {
    const db = openBetterSqlite3Driver(join(dir, 'pragmas.sqlite'), { synchronous: 'FULL' })
    expect(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).toBe('wal')
    expect(db.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous).toBe(2)
    db.close()
  })

  it('keeps committed rows across a reopen', () => {
    const file = join(dir, 'reopen.sqlite')
    const a = openBetterSqlite3Driver(file)
    a.exec('CREATE TABLE k (v TEXT)')
    a.run('INSERT INTO k VALUES (?)', ['kept'])
    a.close()
    const b = openBetterSqlite3Driver(file)
    expect(b.all<{ v: string }>('SELECT v FROM k')).toEqual([{ v: 'kept' }])
    b.close()
  })

  it('refuses an unknown synchronous level', () => {
    expect(() => openBetterSqlite3Driver(join(dir, 'x.sqlite'), { synchronous: 'OFF' as 'FULL' })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })
})
