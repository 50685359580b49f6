/**
 * Numbered schema migrations, tracked in SQLite's `user_version` pragma (docs/design.md §7). Append new
 * migrations; never edit a released one. Each runs in its own transaction with its version bump.
 */
import { CorruptStorageError } from '../errors.ts'
import { SCHEMA_ADMISSION, SCHEMA_PEER_DAYS } from './schema-admission.ts'
import { SCHEMA_GROUP_ACCEPTS } from './schema-group-accepts.ts'
import { SCHEMA_GROUP_FORKS } from './schema-group-forks.ts'
import { SCHEMA_GROUP_JOINED } from './schema-group-joined.ts'
import { SCHEMA_GROUPS } from './schema-groups.ts'
import { SCHEMA_HOSTING } from './schema-hosting.ts'
import { SCHEMA_REPLICA_MEMORY } from './schema-replica-memory.ts'
import { SCHEMA_REPLICAS } from './schema-replicas.ts'
import { SCHEMA_SEARCH, SCHEMA_SEARCH_DEFERRED } from './schema-search.ts'
import { SCHEMA_V1 } from './schema-v1.ts'
import type { SqlDriver } from './sql-driver.ts'

/** One schema step: `version` is the `user_version` after it ran. */
export interface Migration {
  version: number
  description: string
  up(db: SqlDriver): void
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial schema', up: (db) => db.exec(SCHEMA_V1) },
  {
    version: 2,
    description: 're-encrypted posts name the post they replace',
    up: (db) =>
      db.exec(
        'ALTER TABLE posts ADD COLUMN replaces TEXT; ' +
          'CREATE INDEX posts_by_replaces ON posts (replaces) WHERE replaces IS NOT NULL;',
      ),
  },
  {
    version: 3,
    description: 'tombstones remember who the deleted post was addressed to',
    up: (db) =>
      db.exec(
        'CREATE TABLE tombstone_recipients (post_id TEXT NOT NULL, recipient TEXT NOT NULL, ' +
          'PRIMARY KEY (post_id, recipient)) WITHOUT ROWID; ' +
          'CREATE INDEX tombstone_recipients_by_recipient ON tombstone_recipients (recipient);',
      ),
  },
  { version: 4, description: 'full-text search over posts (FTS4)', up: (db) => db.exec(SCHEMA_SEARCH) },
  { version: 5, description: 'hosting for others and pins (issue 15)', up: (db) => db.exec(SCHEMA_HOSTING) },
  {
    version: 6,
    description: 'replies by the post they answer (threads and sync sets, issue 16)',
    up: (db) => db.exec('CREATE INDEX posts_by_reply_to ON posts (reply_to) WHERE reply_to IS NOT NULL'),
  },
  {
    version: 7,
    description: 'private profile versions (issue 14, seed D-4)',
    up: (db) =>
      db.exec(
        'CREATE TABLE profile_versions (author TEXT NOT NULL, generation INTEGER NOT NULL, ' +
          'signature BLOB NOT NULL, signed BLOB NOT NULL, recipients TEXT NOT NULL, local TEXT, ' +
          'PRIMARY KEY (author, signature));',
      ),
  },
  {
    version: 8,
    description: 'groups: record log, roles, epochs; posts name their group',
    up: (db) => db.exec(SCHEMA_GROUPS),
  },
  {
    version: 9,
    description: 'replica report times survive a restart; replica maps received from authors (issue 15)',
    up: (db) => db.exec(SCHEMA_REPLICAS),
  },
  {
    version: 10,
    description: 'admission counters and peer cool-downs survive a restart (issue 11)',
    up: (db) => db.exec(SCHEMA_ADMISSION),
  },
  {
    version: 11,
    description: 'anchors: whose quota each group record held for a user is charged to (issue 14)',
    up: (db) =>
      db.exec(
        'CREATE TABLE group_custody (group_id TEXT NOT NULL, seq INTEGER NOT NULL, holder TEXT NOT NULL, ' +
          'bytes INTEGER NOT NULL, PRIMARY KEY (group_id, seq)) WITHOUT ROWID; ' +
          'CREATE INDEX group_custody_by_holder ON group_custody (holder);',
      ),
  },
  {
    version: 12,
    description: 'search indexing off the write path: new posts queue for the FTS index (issue 12)',
    up: (db) => db.exec(SCHEMA_SEARCH_DEFERRED),
  },
  {
    version: 13,
    description: 'recent pullers and the sent-map memory survive a restart (issue 15)',
    up: (db) => db.exec(SCHEMA_REPLICA_MEMORY),
  },
  {
    version: 14,
    description: 'groups: epoch keys of losing fork branches, kept for reading (issue 14)',
    up: (db) => db.exec(SCHEMA_GROUP_FORKS),
  },
  {
    version: 15,
    description: "anchors: each peer's admitted posts of the day survive a restart (issue 11)",
    up: (db) => db.exec(SCHEMA_PEER_DAYS),
  },
  {
    version: 16,
    description: 'groups: members invited and not joined yet, by signed accept records (issue 14)',
    up: (db) => db.exec(SCHEMA_GROUP_ACCEPTS),
  },
  {
    version: 17,
    description: 'groups: members from before signed accepts are shown joined (issue 14)',
    up: (db) => db.exec(SCHEMA_GROUP_JOINED),
  },
]

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/** Reads `PRAGMA user_version`. */
export function schemaVersion(db: SqlDriver): number {
  const row = db.get<{ user_version: number }>('PRAGMA user_version')
  return row?.user_version ?? 0
}

/**
 * Brings the database up to `SCHEMA_VERSION`; returns the versions it applied. Throws
 * `CorruptStorageError` if the database is newer than this code (a downgrade).
 */
export function migrate(db: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = schemaVersion(db)
  const latest = migrations[migrations.length - 1]?.version ?? 0
  if (current > latest) {
    throw new CorruptStorageError(`database schema ${current} is newer than this app (${latest})`)
  }
  const applied: number[] = []
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.exec(`PRAGMA user_version = ${migration.version}`)
    })
    applied.push(migration.version)
  }
  return applied
}
