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
  it('asks for the lock first, then starts the preload and the persisted question, and opens storage only once the lock is held', async () => {
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
      persisted: async () => {
        calls.push('persisted')
        return true
      },
    })
    expect(calls).toEqual(['lock', 'preload', 'persisted'])
    await new Promise((r) => setTimeout(r, 10))
    expect(calls).toEqual(['lock', 'preload', 'persisted'])
    lock.grant()
    expect(await early.open()).toBe(fakeStorage)
    expect(calls).toEqual(['lock', 'preload', 'persisted', 'open'])
  })

  it("answers the host's first persisted() with the early answer, and asks the browser again after it", async () => {
    let asked = 0
    const early = startEarlyStorage({
      acquireStorageLock: async () => {},
      openStorage: async () => fakeStorage,
      persisted: async () => true,
    })
    const browser = {
      persisted: async () => {
        asked++
        return false
      },
    }
    const manager = early.storageManager(browser)
    expect(await manager.persisted()).toBe(true)
    expect(asked).toBe(0)
    expect(await manager.persisted()).toBe(false)
    expect(asked).toBe(1)
    expect('persist' in manager).toBe(false)
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
