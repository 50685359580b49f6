/** Moved to core/sync (the anchor uses it too, and may not import core/app); kept for old imports. */
export { SyncScheduler } from '../sync/index.ts'
