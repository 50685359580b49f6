/** Durable sql.js storage for the browser node (docs/design.md §7): IDB write-ahead log + OPFS snapshots. */
export { applyLogEntry, createDurableDriver, type DurableDriver } from './durable-driver.ts'
export { loadSqlJs } from './load-sql-js.ts'
export {
  type DurableStorage,
  type DurableStorageOptions,
  type OpenReport,
  openDurableStorage,
} from './open-durable-storage.ts'
export { createMemorySnapshotStore, createOpfsSnapshotStore, type SnapshotStore } from './snapshot-store.ts'
export type { SnapshotReport } from './snapshotter.ts'
export { createIdbLog, type LogEntry, type LogMeta, type WriteAheadLog } from './write-ahead-log.ts'
