import { describe, expect, it } from 'vitest'
import { firstStep, nextStep } from './downscale-plan.ts'

const MAX = 256 * 1024

describe('firstStep', () => {
  it('caps the long edge at 2048 px, keeps the aspect ratio, and never upscales', () => {
    expect(firstStep(8000, 4000)).toEqual({ width: 2048, height: 1024, quality: 0.82 })
    expect(firstStep(100, 50)).toEqual({ width: 100, height: 50, quality: 0.82 })
    expect(firstStep(0, 10)).toBeNull()
  })
})

describe('nextStep', () => {
  it('lowers quality first when the miss is small', () => {
    expect(nextStep({ width: 2048, height: 1024, quality: 0.82 }, MAX * 1.3, MAX)).toEqual({
      width: 2048,
      height: 1024,
      quality: 0.6,
    })
  })

  it('shrinks the pixel count in proportion to a large miss, keeping the aspect ratio', () => {
    const next = nextStep({ width: 2000, height: 1000, quality: 0.82 }, MAX * 16, MAX)!
    expect(next.width).toBeLessThanOrEqual(2000 / 4)
    expect(next.width).toBeGreaterThan(2000 / 6)
    expect(next.width / next.height).toBeCloseTo(2, 1)
  })

  it('always makes progress and stops at a tiny image', () => {
    let step = firstStep(3000, 3000)!
    let attempts = 0
    // An encoder that never gets under the cap: the plan must end, not loop.
    for (;;) {
      const next = nextStep(step, MAX * 1.1, MAX)
      if (next === null) break
      expect(next.width * next.height * next.quality).toBeLessThan(step.width * step.height * step.quality)
      step = next
      attempts++
      expect(attempts).toBeLessThan(60)
    }
    expect(Math.max(step.width, step.height)).toBeLessThanOrEqual(48)
  })

  it('is done once an attempt fits', () => {
    expect(nextStep({ width: 10, height: 10, quality: 0.82 }, MAX, MAX)).toBeNull()
  })
})
