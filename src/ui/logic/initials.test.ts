import { describe, expect, it } from 'vitest'
import { initialsOf } from './initials.ts'

describe('initialsOf', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL')
    expect(initialsOf('  grace  brewster murray hopper ')).toBe('GH')
    expect(initialsOf('Mallory')).toBe('M')
  })

  it('keeps letters outside ASCII whole and skips leading punctuation', () => {
    expect(initialsOf('élodie Ørsted')).toBe('ÉØ')
    expect(initialsOf('"Bob" (work)')).toBe('BW')
    expect(initialsOf('李 小龍')).toBe('李小')
  })

  it('gives none for no name, an id fragment or only symbols', () => {
    expect(initialsOf('')).toBeNull()
    expect(initialsOf('…HV4uE5')).toBeNull()
    expect(initialsOf('12D3KooWAbcd…')).toBeNull()
    expect(initialsOf('Unnamed')).toBeNull()
    expect(initialsOf('🙂 — !')).toBeNull()
  })
})
