/**
 * The browser's storage wiring for the node: sql.js + a log in IDB and OPFS + OPFS snapshots (docs/design.md §7), and the
 * Web Lock that keeps one writer per profile (a second node — a stale SharedWorker, the
 * dedicated-worker fallback, the test harness — waits instead of interleaving log entries).
 */
import { deferred } from './deferred.ts'
import type { WorkerLogger } from './logger.ts'
import { markStartup, type StartupPhase, timePhase } from './startup-marks.ts'
import {
  createIdbLog,
  createMirroredLog,
  createOpfsLog,
  createOpfsSnapshotStore,
  type DurableStorage,
  loadSqlJs,
  openDurableStorage,
  type WriteAheadLog,
} from './storage/index.ts'

/** The Web Lock name held by the worker that owns the profile's storage. */
export const STORAGE_LOCK = 'distsoc-storage'

/** Opens the profile's durable database. */
export async function openBrowserStorage(logger?: WorkerLogger): Promise<DurableStorage> {
  const sql = loadSqlJs().then((s) => {
    markStartup('sql-js-ready')
    return s
  })
  sql.catch(() => {})
  // The log goes to IndexedDB and to OPFS, each acknowledged write in both (storage/opfs-log.ts).
  const [idbLog, opfsLog] = await timePhase('log-open', () => Promise.all([createIdbLog(), createOpfsLog()]))
  const log = createMirroredLog(
    timedReads(idbLog, 'idb-log-seqs', 'idb-log-read'),
    timedReads(opfsLog, 'opfs-log-seqs', 'opfs-log-read'),
  )
  markStartup('log-open')
  return openDurableStorage({ sql, log, snapshots: createOpfsSnapshotStore(), logger, onMark: markStartup })
}

/** `log` with its first `readSeqs` and `readAfter` timed as start-up phases (issue 12). */
function timedReads(log: WriteAheadLog, seqs: StartupPhase, read: StartupPhase): WriteAheadLog {
  return {
    ...log,
    readSeqs: (after) => timePhase(seqs, () => log.readSeqs(after)),
    readAfter: (seq) => timePhase(read, () => log.readAfter(seq)),
  }
}

/**
 * Takes the storage lock and holds it for the worker's life; resolves once held. Calls
 * `onWaiting` if another holder has it first (then keeps waiting for it).
 */
export function acquireStorageLock(onWaiting: () => void): Promise<void> {
  const locks = (navigator as WorkerNavigator & { locks?: LockManager }).locks
  if (locks === undefined) return Promise.resolve()
  const held = deferred<void>()
  const hold = (): Promise<never> => {
    held.resolve()
    return new Promise<never>(() => {})
  }
  const tryFirst = locks.request(STORAGE_LOCK, { ifAvailable: true }, async (lock: Lock | null) => {
    if (lock === null) return 'busy'
    return hold()
  })
  tryFirst
    .then(async (outcome: unknown) => {
      if (outcome !== 'busy') return
      onWaiting()
      await locks.request(STORAGE_LOCK, () => hold())
    })
    .catch((err: unknown) => held.reject(err))
  return held.promise
}
