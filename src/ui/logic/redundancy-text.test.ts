import { describe, expect, it } from 'vitest'
import { lowRedundancyTitle, redundancyLine } from './redundancy-text.ts'

describe('redundancy text', () => {
  it('says nothing for a post at its target, and counts holders otherwise', () => {
    expect(lowRedundancyTitle(undefined)).toBeUndefined()
    expect(lowRedundancyTitle({ live: 3, target: 3, low: false })).toBeUndefined()
    expect(lowRedundancyTitle({ live: 1, target: 3, low: true })).toMatch(/^Only 1 other device seen/)
    expect(lowRedundancyTitle({ live: 0, target: 3, low: true })).toMatch(/^No other device/)
  })

  it('writes the Settings line with plain numbers', () => {
    const day = 86_400_000
    expect(redundancyLine({ own_posts: 0, low: 0, target: 3, drop_after_ms: day })).toBe(
      'No posts of yours yet.',
    )
    expect(redundancyLine({ own_posts: 5, low: 0, target: 3, drop_after_ms: day })).toBe(
      'All 5 of your posts are held by at least 3 other devices.',
    )
    expect(redundancyLine({ own_posts: 5, low: 2, target: 3, drop_after_ms: day })).toBe(
      '2 of your 5 posts have low redundancy: fewer than 3 other devices seen holding them in the last 1 day.',
    )
  })
})
