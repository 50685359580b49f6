import { describe, expect, it } from 'vitest'
import { checkBio, checkCompose, checkDisplayName, countChars } from './compose-rules.ts'

describe('checkCompose', () => {
  it('allows a post of exactly 5000 characters', () => {
    const check = checkCompose('a'.repeat(5000), 0)
    expect(check).toEqual({ ok: true, chars: 5000, remaining: 0 })
  })

  it('refuses a 10k-character post and says by how much it is over', () => {
    const check = checkCompose('a'.repeat(10_000), 0)
    expect(check.ok).toBe(false)
    expect(check.message).toContain('5000 characters over')
  })

  it('counts an emoji as one character', () => {
    expect(countChars('👋🏽')).toBe(2)
    expect(countChars('😀')).toBe(1)
    expect(checkCompose('😀'.repeat(5000), 0).ok).toBe(true)
  })

  it('refuses an empty post but allows an image-only post', () => {
    expect(checkCompose('   ', 0).ok).toBe(false)
    expect(checkCompose('', 1).ok).toBe(true)
  })

  it('refuses more than four images', () => {
    expect(checkCompose('hi', 5).message).toContain('At most 4')
  })
})

describe('checkDisplayName / checkBio', () => {
  it('requires a non-blank display name of at most 64 characters', () => {
    expect(checkDisplayName('  ')).toMatch(/Enter a display name/)
    expect(checkDisplayName('x'.repeat(65))).toMatch(/at most 64/)
    expect(checkDisplayName('Ada')).toBeNull()
  })

  it('limits a bio to 500 characters', () => {
    expect(checkBio('x'.repeat(501))).toMatch(/at most 500/)
    expect(checkBio('')).toBeNull()
  })
})
