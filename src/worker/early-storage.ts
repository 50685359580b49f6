/**
 * The node's storage, started at the worker's first moment (issue 12: node ready ≤ 500 ms): the
 * storage lock first, then the sql.js WASM fetch + compile, the device key and whether storage is
 * persisted, and once the lock is held the snapshot and log reads — while the node's own code, most
 * of the worker's bytes, is still being fetched and compiled. The node host later takes the lock,
 * the open and the persisted answer from here instead of asking itself. The lock is still taken
 * before any byte of storage is read, so one writer per profile holds as before.
 */
import { acquireStorageLock, openBrowserStorage } from './browser-storage.ts'
import { preloadDeviceKey } from './device-key.ts'
import { markStartup, timePhase } from './startup-marks.ts'
import type { DurableStorage } from './storage/index.ts'
import { loadSqlJs } from './storage/index.ts'

/** What the host takes over once its code has loaded. */
export interface EarlyStorage {
  /** The lock request already under way; `onWaiting` is called if another node holds it now. */
  acquireLock(onWaiting: () => void): Promise<void>
  /** The storage open already under way (it starts once the lock is held). */
  open(): Promise<DurableStorage>
  /**
   * `storage` whose first `persisted()` is the answer asked for at the start (a fresh browser took
   * ≈ 30 ms to give it, on the path to "ready"); later calls ask `storage` again.
   */
  storageManager(storage: PersistenceManager): PersistenceManager
}

/** The part of `navigator.storage` the node uses (`persist` exists on Window only). */
export type PersistenceManager = Pick<StorageManager, 'persisted'> & { persist?: () => Promise<boolean> }

/** What the early start uses (the browser's by default; tests pass stubs). */
export interface EarlyStorageDeps {
  acquireStorageLock: (onWaiting: () => void) => Promise<void>
  openStorage: () => Promise<DurableStorage>
  preload?: () => void
  persisted?: () => Promise<boolean>
}

/** Asks for the lock, starts the preload and, once the lock is held, the storage open; returns their handles. */
export function startEarlyStorage(deps: EarlyStorageDeps = browserDeps()): EarlyStorage {
  let held = false
  let busy = false
  const waiting: (() => void)[] = []
  // The lock first: its answer is one round trip, and the reads wait for it, not for the WASM.
  const lock = timePhase('lock-wait', () =>
    deps.acquireStorageLock(() => {
      busy = true
      for (const fn of waiting.splice(0)) fn()
    }),
  )
  deps.preload?.()
  let firstPersisted = deps.persisted?.()
  firstPersisted?.catch(() => {})
  const opened = lock.then(() => {
    held = true
    markStartup('lock-held')
    return deps.openStorage()
  })
  lock.catch(() => {})
  // The host reports a failed open (its `start` awaits `open()`); nothing is lost here.
  opened.catch(() => {})
  return {
    acquireLock(onWaiting) {
      if (busy && !held) onWaiting()
      else if (!held) waiting.push(onWaiting)
      return lock
    },
    open: () => opened,
    storageManager(storage) {
      const persist = storage.persist?.bind(storage)
      return {
        persisted: () => {
          const early = firstPersisted
          firstPersisted = undefined
          return early ?? storage.persisted()
        },
        ...(persist === undefined ? {} : { persist }),
      }
    },
  }
}

function browserDeps(): EarlyStorageDeps {
  return {
    acquireStorageLock,
    openStorage: () => openBrowserStorage(),
    preload: () => {
      loadSqlJs().catch(() => {})
      preloadDeviceKey()
    },
    persisted: async () => navigator.storage.persisted(),
  }
}
