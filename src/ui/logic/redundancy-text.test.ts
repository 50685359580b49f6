import { describe, expect, it } from 'vitest'
import { lowRedundancyTitle, redundancyLine, timeoutWords } from './redundancy-text.ts'

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
    expect(redundancyLine({ own_posts: 5, low: 1, target: 3, drop_after_ms: day })).toBe(
      '1 of your 5 posts has low redundancy: fewer than 3 other devices seen holding them in the last 1 day.',
    )
  })

  it('speaks of one post and one device in the singular', () => {
    expect(redundancyLine({ own_posts: 1, low: 0, target: 1, drop_after_ms: 40_000 })).toBe(
      'Your post is held by at least 1 other device.',
    )
    expect(redundancyLine({ own_posts: 1, low: 1, target: 1, drop_after_ms: 40_000 })).toBe(
      'Your post has low redundancy: no other device seen holding it in the last 40 s.',
    )
  })

  it('writes the holder timeout in the largest unit that fits, never as 0', () => {
    expect(timeoutWords(86_400_000)).toBe('1 day')
    expect(timeoutWords(3 * 86_400_000)).toBe('3 days')
    expect(timeoutWords(6 * 3_600_000)).toBe('6 h')
    expect(timeoutWords(5 * 60_000)).toBe('5 min')
    expect(timeoutWords(40_000)).toBe('40 s')
    expect(timeoutWords(200)).toBe('1 s')
  })
})
