/**
 * The contract every `SqlDriver` passes (docs/house-rules.md §5). Call
 * it from a driver's test file: `runSqlDriverContract('sql.js', async () => createSqlJsDriver(...))`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SqlDriver, SqlParam } from '../sql-driver.ts'

/** Registers the driver contract suite for one adapter; `makeDriver` returns a fresh empty database. */
export function runSqlDriverContract(name: string, makeDriver: () => SqlDriver | Promise<SqlDriver>): void {
  describe(`SqlDriver contract: ${name}`, () => {
    let db: SqlDriver
    let closed = false

    beforeEach(async () => {
      db = await makeDriver()
      closed = false
      db.exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, r REAL, b BLOB, x TEXT NOT NULL DEFAULT '', " +
          'CHECK (n IS NULL OR n >= -10)); CREATE UNIQUE INDEX t_s ON t(s)',
      )
    })
    afterEach(() => {
      if (!closed) db.close()
    })

    const count = (): number => db.get<{ c: number }>('SELECT count(*) AS c FROM t')?.c ?? -1

    it('round-trips text, integers, reals, blobs and null', () => {
      const blob = new Uint8Array(256 * 1024).map((_, i) => (i * 7919) % 251)
      const rows: [string | null, number | null, number | null, Uint8Array | null][] = [
        ['héllo 🌍 \u0000 inside', 1_700_000_000_123, 1.5, blob],
        ['', 0, -0.25, new Uint8Array([0, 255, 1])],
        [null, Number.MAX_SAFE_INTEGER, null, new Uint8Array(0)],
        ['neg', -1, 1e-9, null],
      ]
      for (const [s, n, r, b] of rows) db.run('INSERT INTO t (s, n, r, b) VALUES (?, ?, ?, ?)', [s, n, r, b])
      const back = db.all<{ s: string | null; n: number | null; r: number | null; b: Uint8Array | null }>(
        'SELECT s, n, r, b FROM t ORDER BY id',
      )
      const summary = (b: Uint8Array | null) => (b === null ? null : { length: b.length, sum: checksum(b) })
      expect(back.map((row) => [row.s, row.n, row.r, summary(row.b)])).toEqual(
        rows.map(([s, n, r, b]) => [s, n, r, summary(b)]),
      )
      for (const row of back) if (row.b !== null) expect(row.b.constructor).toBe(Uint8Array)
    })

    it('stores millisecond timestamps as SQLite integers and compares them numerically', () => {
      const times = [1_700_000_000_000, 1_700_000_000_001, 999, 2_000_000_000_000]
      for (const n of times) db.run('INSERT INTO t (n) VALUES (?)', [n])
      expect(db.get<{ k: string }>('SELECT typeof(n) AS k FROM t WHERE n = ?', [1_700_000_000_001])?.k).toBe(
        'integer',
      )
      const older = db.all<{ n: number }>('SELECT n FROM t WHERE n < ? ORDER BY n DESC', [1_700_000_000_001])
      expect(older.map((row) => row.n)).toEqual([1_700_000_000_000, 999])
    })

    it('returns undefined from get and [] from all when nothing matches', () => {
      expect(db.get('SELECT * FROM t WHERE id = ?', [42])).toBeUndefined()
      expect(db.all('SELECT * FROM t')).toEqual([])
    })

    it('reports how many rows a statement changed', () => {
      expect(db.run('INSERT INTO t (s) VALUES (?)', ['a']).changes).toBe(1)
      db.run('INSERT INTO t (s) VALUES (?)', ['b'])
      expect(db.run('UPDATE t SET n = ?', [5]).changes).toBe(2)
      expect(db.run('DELETE FROM t WHERE s = ?', ['zzz']).changes).toBe(0)
    })

    it('runs several statements in one exec', () => {
      db.exec("INSERT INTO t (s) VALUES ('x'); INSERT INTO t (s) VALUES ('y')")
      expect(count()).toBe(2)
    })

    it('commits a transaction and returns its value', () => {
      const value = db.transaction(() => {
        db.run('INSERT INTO t (s) VALUES (?)', ['a'])
        db.run('INSERT INTO t (s) VALUES (?)', ['b'])
        return 'done'
      })
      expect(value).toBe('done')
      expect(count()).toBe(2)
    })

    it('rolls a transaction back and rethrows when its body throws', () => {
      const boom = new Error('boom')
      expect(() =>
        db.transaction(() => {
          db.run('INSERT INTO t (s) VALUES (?)', ['a'])
          throw boom
        }),
      ).toThrow(boom)
      expect(count()).toBe(0)
      db.run('INSERT INTO t (s) VALUES (?)', ['after'])
      expect(count()).toBe(1)
    })

    it('undoes only the inner writes when a nested transaction throws and the outer one catches', () => {
      db.transaction(() => {
        db.run('INSERT INTO t (s) VALUES (?)', ['outer'])
        expect(() =>
          db.transaction(() => {
            db.run('INSERT INTO t (s) VALUES (?)', ['inner'])
            throw new Error('inner fails')
          }),
        ).toThrow('inner fails')
        db.run('INSERT INTO t (s) VALUES (?)', ['outer again'])
      })
      expect(db.all<{ s: string }>('SELECT s FROM t ORDER BY id').map((r) => r.s)).toEqual([
        'outer',
        'outer again',
      ])
    })

    it('undoes a committed nested transaction when the outer one throws', () => {
      expect(() =>
        db.transaction(() => {
          db.transaction(() => db.run('INSERT INTO t (s) VALUES (?)', ['inner']))
          throw new Error('outer fails')
        }),
      ).toThrow('outer fails')
      expect(count()).toBe(0)
    })

    it('refuses an async transaction body and keeps none of its writes', () => {
      expect(() =>
        db.transaction(() => {
          db.run('INSERT INTO t (s) VALUES (?)', ['a'])
          return Promise.resolve(1)
        }),
      ).toThrow(expect.objectContaining({ name: 'ValidationError' }))
      expect(count()).toBe(0)
    })

    it('surfaces UNIQUE, NOT NULL and CHECK violations as ConstraintError and stays usable', () => {
      db.run('INSERT INTO t (s) VALUES (?)', ['dup'])
      const violations: [string, SqlParam[]][] = [
        ['INSERT INTO t (s) VALUES (?)', ['dup']],
        ['INSERT INTO t (s, x) VALUES (?, ?)', ['other', null]],
        ['INSERT INTO t (s, n) VALUES (?, ?)', ['other', -11]],
      ]
      for (const [sql, params] of violations) {
        expect(() => db.run(sql, params)).toThrow(expect.objectContaining({ name: 'ConstraintError' }))
      }
      expect(count()).toBe(1)
      db.run('INSERT INTO t (s) VALUES (?)', ['fine'])
      expect(count()).toBe(2)
    })

    it('rolls back the whole transaction when a constraint fails inside it', () => {
      db.run('INSERT INTO t (s) VALUES (?)', ['dup'])
      expect(() =>
        db.transaction(() => {
          db.run('INSERT INTO t (s) VALUES (?)', ['new'])
          db.run('INSERT INTO t (s) VALUES (?)', ['dup'])
        }),
      ).toThrow(expect.objectContaining({ name: 'ConstraintError' }))
      expect(db.all<{ s: string }>('SELECT s FROM t').map((r) => r.s)).toEqual(['dup'])
    })

    it('rejects parameters it cannot bind faithfully, writing nothing', () => {
      const bad: unknown[] = [undefined, true, 1n, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, { a: 1 }]
      for (const value of bad) {
        expect(() => db.run('INSERT INTO t (s) VALUES (?)', [value as SqlParam])).toThrow(
          expect.objectContaining({ name: 'ValidationError' }),
        )
      }
      expect(count()).toBe(0)
    })

    it('sees schema changes in statements it ran before', () => {
      db.run('INSERT INTO t (s) VALUES (?)', ['a'])
      expect(Object.keys(db.get('SELECT * FROM t') ?? {})).not.toContain('extra')
      db.exec('ALTER TABLE t ADD COLUMN extra TEXT')
      expect(Object.keys(db.get('SELECT * FROM t') ?? {})).toContain('extra')
    })

    it('keeps working across more distinct statements than a statement cache holds', () => {
      for (let i = 0; i < 600; i++) db.run(`INSERT INTO t (s, n) VALUES (?, ${i})`, [`s${i}`])
      expect(count()).toBe(600)
      expect(db.get<{ n: number }>('SELECT n FROM t WHERE s = ?', ['s599'])?.n).toBe(599)
    })

    it('throws on use after close', () => {
      db.close()
      closed = true
      expect(() => db.all('SELECT 1')).toThrow()
    })
  })
}

/** An order-sensitive checksum, so large blobs compare fast. */
function checksum(bytes: Uint8Array): number {
  let h = 0
  for (let i = 0; i < bytes.length; i++) h = (Math.imul(h, 31) + bytes[i]! + i) | 0
  return h
}
