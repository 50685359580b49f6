/**
 * The node's storage, started at the worker's first moment (issue 12: node ready ≤ 500 ms): the
 * sql.js WASM fetch + compile, the storage lock, and the snapshot and log reads run while the
 * node's own code — most of the worker's bytes — is still being fetched and compiled. The node
 * host later takes the lock and the open from here instead of starting them itself. The lock is
 * still taken before any byte of storage is read, so one writer per profile holds as before.
 */
import { acquireStorageLock, openBrowserStorage } from './browser-storage.ts'
import { preloadDeviceKey } from './device-key.ts'
import type { DurableStorage } from './storage/index.ts'
import { loadSqlJs } from './storage/index.ts'

/** What the host takes over once its code has loaded. */
export interface EarlyStorage {
  /** The lock request already under way; `onWaiting` is called if another node holds it now. */
  acquireLock(onWaiting: () => void): Promise<void>
  /** The storage open already under way (it starts once the lock is held). */
  open(): Promise<DurableStorage>
}

/** What the early start uses (the browser's by default; tests pass stubs). */
export interface EarlyStorageDeps {
  acquireStorageLock: (onWaiting: () => void) => Promise<void>
  openStorage: () => Promise<DurableStorage>
  preload?: () => void
}

/** Starts the WASM load, the lock request and, once held, the storage open; returns their handles. */
export function startEarlyStorage(deps: EarlyStorageDeps = browserDeps()): EarlyStorage {
  deps.preload?.()
  let held = false
  let busy = false
  const waiting: (() => void)[] = []
  const lock = deps.acquireStorageLock(() => {
    busy = true
    for (const fn of waiting.splice(0)) fn()
  })
  const opened = lock.then(() => {
    held = true
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
  }
}
