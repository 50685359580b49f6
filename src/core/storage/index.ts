/** Storage: the SQL driver interface, the schema and the store (docs/design.md §7). */

export {
  type AdmissionDay,
  type AdmissionStore,
  PEER_BACKOFF_ROWS,
  type PeerBackoffRow,
} from './admission-store.ts'
export type { BlobStore, StoredBlob } from './blobs-store.ts'
export type { GroupStore, StoredGroup } from './groups-store.ts'
export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts'
export type {
  MeshPeer,
  PeerRecord,
  PeerStore,
  Reachable,
  SlotKind,
  SocialRoute,
} from './peers-store.ts'
export { PEER_TABLE_LIMITS } from './peers-store.ts'
export { removeUnusedBlobs } from './post-removal.ts'
export { type PostKey, type PostRow, postColumns, rowToStoredPost, type StoredPost } from './post-rows.ts'
export type {
  PostKeyRange,
  PostStore,
  PostToStore,
  PutPostOutcome,
  VisibilityUpdate,
} from './posts-store.ts'
export type { HeldProfileVersion, ProfileVersionStore, PutVersionOutcome } from './profile-versions-store.ts'
export type { ProfileStore } from './profiles-store.ts'
export { indexPendingSearch } from './search-index.ts'
export { checkFeedFilter, type DmState, type Json, type SettingsStore } from './settings-store.ts'
export type { Circle, Follow, SocialStore } from './social-store.ts'
export {
  CONSTRAINT_MESSAGE,
  checkSqlParams,
  isThenable,
  type SqlDriver,
  type SqlParam,
  type SqlRow,
  type SqlValue,
} from './sql-driver.ts'
export { createSqlJsDriver, type SqlJsDatabase, type SqlJsStatement } from './sqljs-driver.ts'
export { openStore, type Store, type StoreOptions } from './store.ts'
export { type Clock, systemClock } from './store-context.ts'
export { syncKeysOf } from './sync-keys.ts'
export type { Tombstone, TombstoneStore } from './tombstones-store.ts'
export {
  checkLimit,
  checkMillis,
  checkName,
  checkNodeId,
  checkNodeIds,
  checkObject,
  checkPostId,
  NAME_MAX_CHARS,
} from './validate.ts'
export { checkSignedPost, type PostLocal } from './validate-post.ts'
