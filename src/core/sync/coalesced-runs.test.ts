import { describe, expect, it } from 'vitest'
import { CoalescedRuns } from './coalesced-runs.ts'

const tick = () => new Promise((r) => setTimeout(r, 5))
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/** Runs that end only when the test releases them, in order; each resolves with its number. */
function heldRuns(): { runs: CoalescedRuns<string, number>; count: () => number; releaseNext: () => void } {
  const waiting: Array<() => void> = []
  let count = 0
  const runs = new CoalescedRuns<string, number>({
    run: () => {
      const n = ++count
      return new Promise<number>((r) => waiting.push(() => r(n)))
    },
    stopped: 0,
  })
  return { runs, count: () => count, releaseNext: () => waiting.shift()?.() }
}

describe('CoalescedRuns', () => {
  it('runs a burst of calls as two runs, the second started after every call', async () => {
    let runs = 0
    const coalesced = new CoalescedRuns<'once', number>({
      run: async () => {
        runs++
        await tick()
        return runs
      },
      stopped: 0,
    })
    const first = coalesced.request('once')
    const burst = Array.from({ length: 50 }, () => coalesced.request('once'))
    expect(await first).toBe(1)
    expect(new Set(await Promise.all(burst))).toEqual(new Set([2]))
    expect(runs).toBe(2)
    // a call after both finished gets a run of its own
    expect(await coalesced.request('once')).toBe(3)
  })

  it('runs each key on its own', async () => {
    const held = heldRuns()
    const a = held.runs.request('a')
    const b = held.runs.request('b')
    expect(held.count()).toBe(2)
    expect(held.runs.active).toBe(2)
    held.releaseNext()
    held.releaseNext()
    expect([await a, await b]).toEqual([1, 2])
  })

  it('serves a need with the run queued when it arose, though asked after that run started', async () => {
    const held = heldRuns()
    void held.runs.request('a') // run 1, under way
    const asked = held.runs.mark() // a need arises: run 1 began before it
    void held.runs.request('a') // another caller queues run 2
    held.releaseNext()
    await settle() // run 2 has started
    const served = held.runs.request('a', asked)
    expect(held.count()).toBe(2)
    held.releaseNext()
    expect(await served).toBe(2)
    expect(held.count()).toBe(2)
  })

  it('serves a need with a run that started after it and already ended, and runs nothing for it', async () => {
    const held = heldRuns()
    const asked = held.runs.mark()
    const first = held.runs.request('a')
    held.releaseNext()
    await first
    expect(await held.runs.request('a', asked)).toBe(1)
    expect(held.count()).toBe(1)
  })

  it('never serves a need with a run that began before it: a need during a run gets the next', async () => {
    const held = heldRuns()
    const first = held.runs.request('a')
    const beforeSecond = held.runs.mark()
    const during = held.runs.request('a', beforeSecond)
    held.releaseNext()
    expect(await first).toBe(1)
    await settle()
    expect(held.count()).toBe(2)
    held.releaseNext()
    expect(await during).toBe(2)
    // the same need, asked again once run 2 ended, is served by run 2
    expect(await held.runs.request('a', beforeSecond)).toBe(2)
    expect(held.count()).toBe(2)
  })

  it('goes on after a failed run, and the failure reaches only its own callers', async () => {
    let calls = 0
    const runs = new CoalescedRuns<'once', number>({
      run: async () => {
        calls++
        await tick()
        if (calls === 1) throw new Error('boom')
        return calls
      },
      stopped: 0,
    })
    const failing = runs.request('once')
    const after = runs.request('once')
    await expect(failing).rejects.toThrow('boom')
    expect(await after).toBe(2)
  })

  it('once stopped, starts nothing: the queued run and later requests get the stopped result', async () => {
    const held = heldRuns()
    const first = held.runs.request('a')
    const queued = held.runs.request('a')
    const stopping = held.runs.stop()
    held.releaseNext()
    await stopping
    expect(await first).toBe(1)
    expect(await queued).toBe(0)
    expect(await held.runs.request('a')).toBe(0)
    expect(held.count()).toBe(1)
  })
})
