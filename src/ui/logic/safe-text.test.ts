import { describe, expect, it } from 'vitest'
import { safeHref, splitLinks } from './safe-text.ts'

describe('splitLinks', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(splitLinks('see https://example.org/a?b=1, then http://x.test.')).toEqual([
      { type: 'text', text: 'see ' },
      { type: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { type: 'text', text: ', then ' },
      { type: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { type: 'text', text: '.' },
    ])
  })

  it('never links javascript:, data: or markup', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)>'
    expect(splitLinks(text)).toEqual([{ type: 'text', text }])
  })

  it('returns no parts for empty text', () => {
    expect(splitLinks('')).toEqual([])
  })
})

describe('safeHref', () => {
  it('accepts only http(s)', () => {
    expect(safeHref('https://a.test')).toBe('https://a.test/')
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(safeHref('not a url')).toBeNull()
  })
})
