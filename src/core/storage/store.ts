/**
 * The store: every table behind one object, built by `openStore(driver, { clock })`, which runs
 * the migrations first (docs/design.md §7). Each part lives in its own file; writes that touch several rows
 * run in one transaction, and every method checks its arguments (`ValidationError` names them).
 */
import { type AdmissionStore, createAdmissionStore } from './admission-store.ts'
import { type BlobStore, createBlobStore } from './blobs-store.ts'
import { createGroupStore, type GroupStore } from './groups-store.ts'
import { migrate } from './migrations.ts'
import { createPeerStore, type PeerStore } from './peers-store.ts'
import { createPostStore, type PostStore } from './posts-store.ts'
import { createProfileVersionStore, type ProfileVersionStore } from './profile-versions-store.ts'
import { createProfileStore, type ProfileStore } from './profiles-store.ts'
import { createSettingsStore, type SettingsStore } from './settings-store.ts'
import { createSocialStore, type SocialStore } from './social-store.ts'
import type { SqlDriver } from './sql-driver.ts'
import { type Clock, systemClock } from './store-context.ts'
import { createTombstoneStore, type TombstoneStore } from './tombstones-store.ts'

/** Everything the worker, the sync engine and the anchor read and write. */
export interface Store
  extends PostStore,
    TombstoneStore,
    BlobStore,
    ProfileStore,
    ProfileVersionStore,
    SocialStore,
    PeerStore,
    SettingsStore,
    GroupStore,
    AdmissionStore {
  /** The driver underneath (for the feed queries and for `transaction` around several calls). */
  readonly db: SqlDriver
  /** The clock the store stamps local times with. */
  readonly clock: Clock
  /** Runs several store calls atomically (a savepoint when nested). */
  transaction<T>(fn: () => T): T
  /** Closes the driver. */
  close(): void
}

/** Options for `openStore`. */
export interface StoreOptions {
  /** Source of local timestamps (received_at, followed_at, ...); defaults to `Date.now`. */
  clock?: Clock
}

/** Migrates the database to the current schema and returns the store over it. */
export function openStore(db: SqlDriver, options: StoreOptions = {}): Store {
  const clock = options.clock ?? systemClock
  migrate(db)
  const ctx = { db, clock }
  return {
    db,
    clock,
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
    ...createPostStore(ctx),
    ...createTombstoneStore(ctx),
    ...createBlobStore(ctx),
    ...createProfileStore(ctx),
    ...createProfileVersionStore(ctx),
    ...createSocialStore(ctx),
    ...createPeerStore(ctx),
    ...createSettingsStore(ctx),
    ...createGroupStore(ctx),
    ...createAdmissionStore(ctx),
  }
}
