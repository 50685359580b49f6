/** Durable sql.js storage for the browser node (docs/design.md §7): a write-ahead log in IDB and OPFS + OPFS snapshots. */
export { applyLogEntry, createDurableDriver, type DurableDriver } from './durable-driver.ts'
export { loadSqlJs } from './load-sql-js.ts'
export { createMirroredLog } from './mirrored-log.ts'
export {
  type DurableStorage,
  type DurableStorageOptions,
  type OpenReport,
  openDurableStorage,
} from './open-durable-storage.ts'
export { createOpfsLog } from './opfs-log.ts'
export { createMemorySnapshotStore, createOpfsSnapshotStore, type SnapshotStore } from './snapshot-store.ts'
export type { SnapshotReport } from './snapshotter.ts'
export { createIdbLog, type LogEntry, type LogMeta, type WriteAheadLog } from './write-ahead-log.ts'
