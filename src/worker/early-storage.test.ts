import { describe, expect, it } from 'vitest'
import { deferred } from './deferred.ts'
import { startEarlyStorage } from './early-storage.ts'
import type { DurableStorage } from './storage/index.ts'

const fakeStorage = { snapshotSeq: 0 } as unknown as DurableStorage

/** A lock the test hands out by hand; `busy()` plays another node holding it first. */
function handLock() {
  const held = deferred<void>()
  let waiting: (() => void) | undefined
  return {
    acquire: (onWaiting: () => void) => {
      waiting = onWaiting
      return held.promise
    },
    busy: () => waiting?.(),
    grant: () => held.resolve(),
  }
}

describe('startEarlyStorage', () => {
  it('starts the preload and the lock request at once, and opens storage only once the lock is held', async () => {
    const lock = handLock()
    const calls: string[] = []
    const early = startEarlyStorage({
      acquireStorageLock: (w) => {
        calls.push('lock')
        return lock.acquire(w)
      },
      openStorage: async () => {
        calls.push('open')
        return fakeStorage
      },
      preload: () => calls.push('preload'),
    })
    expect(calls).toEqual(['preload', 'lock'])
    await new Promise((r) => setTimeout(r, 10))
    expect(calls).toEqual(['preload', 'lock'])
    lock.grant()
    expect(await early.open()).toBe(fakeStorage)
    expect(calls).toEqual(['preload', 'lock', 'open'])
  })

  it('tells a late host that the lock is busy, and stays silent once it was granted', async () => {
    const lock = handLock()
    const early = startEarlyStorage({
      acquireStorageLock: lock.acquire,
      openStorage: async () => fakeStorage,
    })
    lock.busy()
    let told = 0
    const held = early.acquireLock(() => told++)
    expect(told).toBe(1)
    lock.grant()
    await held
    await early.open()
    await early.acquireLock(() => told++)
    expect(told).toBe(1)
  })

  it('passes on a busy lock that happens after the host took over', async () => {
    const lock = handLock()
    const early = startEarlyStorage({
      acquireStorageLock: lock.acquire,
      openStorage: async () => fakeStorage,
    })
    let told = 0
    void early.acquireLock(() => told++)
    expect(told).toBe(0)
    lock.busy()
    expect(told).toBe(1)
  })

  it('hands a failed open to the host that takes it over', async () => {
    const early = startEarlyStorage({
      acquireStorageLock: async () => {},
      openStorage: async () => {
        throw new Error('corrupt')
      },
    })
    await new Promise((r) => setTimeout(r, 5))
    await expect(early.open()).rejects.toThrow('corrupt')
  })
})
