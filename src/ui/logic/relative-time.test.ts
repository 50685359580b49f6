import { describe, expect, it } from 'vitest'
import { relativeTime } from './relative-time.ts'

const now = Date.UTC(2026, 5, 15, 12, 0, 0)

describe('relativeTime', () => {
  it('says minutes, hours and days for the last week', () => {
    expect(relativeTime(now - 10_000, now)).toBe('just now')
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min')
    expect(relativeTime(now - 3 * 3600_000, now)).toBe('3 h')
    expect(relativeTime(now - 2 * 86400_000, now)).toBe('2 d')
  })

  it('gives older posts the date the locale writes, with the year only for another year', () => {
    const march = Date.UTC(2026, 2, 4, 12)
    expect(relativeTime(march, now)).toBe(
      new Date(march).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
    )
    const lastYear = Date.UTC(2025, 2, 4, 12)
    expect(relativeTime(lastYear, now)).toBe(
      new Date(lastYear).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' }),
    )
    expect(relativeTime(lastYear, now)).toContain('2025')
  })
})
