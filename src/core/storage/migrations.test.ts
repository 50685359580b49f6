import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts'
import { createSqlJsDriver } from './sqljs-driver.ts'

const SQL = await initSqlJs()
const fresh = () => createSqlJsDriver(new SQL.Database())

describe('migrate', () => {
  it('creates every table of the schema on an empty database and records the version', () => {
    const db = fresh()
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    const tables = db
      .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .map((t) => t.name)
    for (const t of ['posts', 'peers', 'follows', 'profiles', 'circles', 'circle_members', 'mesh_peers']) {
      expect(tables).toContain(t)
    }
    for (const t of [
      'reachable_n2',
      'reachable_n3',
      'social_routes',
      'blobs',
      'tombstones',
      'groups',
      'replicas',
    ]) {
      expect(tables).toContain(t)
    }
  })

  it('does nothing when the database is already current', () => {
    const db = fresh()
    migrate(db)
    expect(migrate(db)).toEqual([])
  })

  it('refuses a database newer than the code', () => {
    const db = fresh()
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    expect(() => migrate(db)).toThrow(expect.objectContaining({ name: 'CorruptStorageError' }))
  })

  it('leaves the version and schema untouched when a migration fails', () => {
    const db = fresh()
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        description: 'half-done',
        up: (d: typeof db) => d.exec('CREATE TABLE extra (a); CREATE TABLE posts (a)'),
      },
    ]
    migrate(db)
    expect(() => migrate(db, broken)).toThrow()
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.get("SELECT name FROM sqlite_master WHERE name = 'extra'")).toBeUndefined()
  })
})
