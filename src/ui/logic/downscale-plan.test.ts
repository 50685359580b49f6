import { describe, expect, it } from 'vitest'
import { downscalePlan } from './downscale-plan.ts'

describe('downscalePlan', () => {
  it('caps the long edge at 2048 px and keeps the aspect ratio', () => {
    const first = downscalePlan(8000, 4000)[0]!
    expect(first).toEqual({ width: 2048, height: 1024, quality: 0.85 })
  })

  it('lowers quality before dimensions, and dimensions shrink monotonically down to 64 px', () => {
    const steps = downscalePlan(3000, 3000)
    expect(steps.slice(0, 4).map((s) => s.quality)).toEqual([0.85, 0.72, 0.6, 0.45])
    expect(steps[4]!.width).toBeLessThan(steps[0]!.width)
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.width).toBeLessThanOrEqual(steps[i - 1]!.width)
    expect(steps.at(-1)!.width).toBeLessThanOrEqual(64)
  })

  it('does not upscale a small image and gives no steps for an empty one', () => {
    expect(downscalePlan(100, 50)[0]).toEqual({ width: 100, height: 50, quality: 0.85 })
    expect(downscalePlan(0, 10)).toEqual([])
  })
})
