import { describe, expect, it } from 'vitest'
import { coalesced } from './coalesced.ts'

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('coalesced', () => {
  it('runs a burst of calls as two runs, the second started after every call', async () => {
    let runs = 0
    const starts: number[] = []
    const run = coalesced(async () => {
      starts.push(Date.now())
      runs++
      await tick()
      return runs
    })
    const first = run()
    const burst = Array.from({ length: 50 }, () => run())
    expect(await first).toBe(1)
    expect(new Set(await Promise.all(burst))).toEqual(new Set([2]))
    expect(runs).toBe(2)
    // a call after both finished gets a run of its own
    expect(await run()).toBe(3)
  })

  it('goes on after a failed run, and the failure reaches only its own callers', async () => {
    let calls = 0
    const run = coalesced(async () => {
      calls++
      await tick()
      if (calls === 1) throw new Error('boom')
      return calls
    })
    const failing = run()
    const after = run()
    await expect(failing).rejects.toThrow('boom')
    expect(await after).toBe(2)
  })
})
