import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { SyncScheduler } from './sync-scheduler.ts'

const peer = 'peer-a' as NodeId

describe('SyncScheduler', () => {
  it('coalesces requests during a pull into exactly one re-run', async () => {
    let runs = 0
    let release: () => void = () => {}
    const scheduler = new SyncScheduler(async () => {
      runs++
      if (runs === 1) await new Promise<void>((r) => (release = r))
    })
    const first = scheduler.request(peer)
    void scheduler.request(peer)
    void scheduler.request(peer)
    release()
    await first
    expect(runs).toBe(2)
    expect(scheduler.active).toBe(0)
  })

  it('keeps going after a failed pull and runs nothing once stopped', async () => {
    let runs = 0
    const scheduler = new SyncScheduler(async () => {
      runs++
      throw new Error('boom')
    })
    await expect(scheduler.request(peer)).rejects.toThrow('boom')
    await scheduler.stop()
    await scheduler.request(peer)
    expect(runs).toBe(1)
  })
})
