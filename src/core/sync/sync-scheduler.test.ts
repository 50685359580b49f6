import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { SyncScheduler } from './sync-scheduler.ts'

const peer = 'peer-a' as NodeId

/** A pull function whose runs end only when the test releases them, one by one. */
function heldPulls(): { pull: () => Promise<void>; runs: () => number; releaseNext: () => void } {
  const waiting: Array<() => void> = []
  let runs = 0
  return {
    pull: () => {
      runs++
      return new Promise<void>((r) => waiting.push(r))
    },
    runs: () => runs,
    releaseNext: () => waiting.shift()?.(),
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('SyncScheduler', () => {
  it('coalesces requests during a pull into exactly one re-run', async () => {
    const held = heldPulls()
    const scheduler = new SyncScheduler(held.pull)
    const first = scheduler.request(peer)
    const second = scheduler.request(peer)
    const third = scheduler.request(peer)
    expect(third).toBe(second)
    held.releaseNext()
    await first
    await settle()
    expect(held.runs()).toBe(2)
    held.releaseNext()
    await second
    expect(held.runs()).toBe(2)
    expect(scheduler.active).toBe(0)
  })

  it('answers a request when its own re-run ends, even while requests keep coming (a Sync now under maintenance)', async () => {
    const held = heldPulls()
    const scheduler = new SyncScheduler(held.pull)
    void scheduler.request(peer)
    let answered = false
    const asked = scheduler.request(peer).then(() => {
      answered = true
    })
    held.releaseNext()
    await settle()
    void scheduler.request(peer) // maintenance asks again during the re-run
    held.releaseNext()
    await asked
    expect(answered).toBe(true)
    expect(held.runs()).toBe(3)
    held.releaseNext()
    await scheduler.stop()
  })

  it('keeps going after a failed pull and runs nothing once stopped', async () => {
    let runs = 0
    const scheduler = new SyncScheduler(async () => {
      runs++
      throw new Error('boom')
    })
    const first = scheduler.request(peer)
    const rerun = scheduler.request(peer)
    await expect(first).rejects.toThrow('boom')
    await expect(rerun).rejects.toThrow('boom')
    expect(runs).toBe(2)
    await scheduler.stop()
    await scheduler.request(peer)
    expect(runs).toBe(2)
  })
})
