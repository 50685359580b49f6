import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { runSqlDriverContract } from './test-support/contract.ts'

const SQL = await initSqlJs()

runSqlDriverContract('sql.js', () => createSqlJsDriver(new SQL.Database()))

describe('sql.js driver at rest (issue 10)', () => {
  it('zeroes deleted rows (sql.js honours secure_delete), so an exported image does not keep them', () => {
    const latin1 = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join('')
    const secret = 'a-secret-that-must-not-survive-its-delete'
    for (const secure of [true, false]) {
      const db = new SQL.Database()
      const driver = createSqlJsDriver(db)
      if (!secure) driver.exec('PRAGMA secure_delete = OFF')
      expect(driver.get<{ secure_delete: number }>('PRAGMA secure_delete')?.secure_delete).toBe(
        secure ? 1 : 0,
      )
      driver.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)')
      driver.run('INSERT INTO t VALUES (?, ?)', ['keep', 'x'.repeat(100)])
      driver.run('INSERT INTO t VALUES (?, ?)', ['gone', secret])
      driver.run('DELETE FROM t WHERE k = ?', ['gone'])
      expect(latin1(db.export()).includes(secret)).toBe(!secure)
      driver.close()
    }
  })
})
