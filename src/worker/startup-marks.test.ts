import { describe, expect, it } from 'vitest'
import { markStartup, startupReport, timePhase } from './startup-marks.ts'

describe('start-up marks', () => {
  it('times a phase once, on the wall clock, for sync, async and failing work', async () => {
    const before = performance.timeOrigin + performance.now()
    expect(timePhase('store-open', () => 7)).toBe(7)
    await timePhase('snapshot-read', () => new Promise((r) => setTimeout(r, 20)))
    expect(() =>
      timePhase('log-replay', () => {
        throw new Error('bad entry')
      }),
    ).toThrow('bad entry')
    timePhase('store-open', () => 8)
    markStartup('app-ready')
    const { marks, phases } = startupReport()
    const read = phases['snapshot-read']
    expect(read?.start).toBeGreaterThanOrEqual(before)
    expect((read?.end ?? 0) - (read?.start ?? 0)).toBeGreaterThanOrEqual(15)
    expect(phases['log-replay']).toBeDefined()
    // the first store-open is kept: it ended before the snapshot read began (the second came after)
    const open = phases['store-open']
    expect(open?.end ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(read?.start ?? 0)
    expect(marks['app-ready']).toBeGreaterThanOrEqual(before)
    expect(marks['worker-created']).toBe(performance.timeOrigin)
  })
})
