import { describe, expect, it } from 'vitest'
import type { HostingView } from '../../core/api/index.ts'
import { formatBytes, hostingLines } from './hosting-text.ts'

const base: HostingView = {
  asked: 0,
  hosted: 0,
  hosted_posts: 0,
  quota: 4_194_304,
  starter: 4_194_304,
  spare: 4_194_304,
  pinned: 0,
  pins: [],
}

describe('hosting text', () => {
  it('writes bytes as plain numbers', () => {
    expect(formatBytes(0)).toBe('0 bytes')
    expect(formatBytes(1)).toBe('1 byte')
    expect(formatBytes(999)).toBe('999 bytes')
    expect(formatBytes(12_400)).toBe('12.4 KB')
    expect(formatBytes(4_194_304)).toBe('4.2 MB')
    expect(formatBytes(250_000_000)).toBe('250 MB')
  })

  it('says where the quota comes from: the starter allowance, then 3 × what is asked', () => {
    expect(hostingLines(base)).toEqual([
      'Others hold 0 bytes of your posts for you (each copy counted).',
      'You host 0 bytes for others in 0 posts, of 4.2 MB (the starter allowance; it grows to 3 × what you ask once others hold your posts). 4.2 MB spare.',
      'Pinned: 0 bytes in 0 posts, outside the quota.',
    ])
    const grown = {
      ...base,
      asked: 2_000_000,
      quota: 6_000_000,
      hosted: 1_500_000,
      hosted_posts: 1,
      spare: 4_500_000,
    }
    expect(hostingLines(grown)[1]).toBe(
      'You host 1.5 MB for others in 1 post, of 6.0 MB (3 × what you ask of others). 4.5 MB spare.',
    )
  })
})
