import { describe, expect, it } from 'vitest'
import { shortId } from './short-id.ts'

describe('shortId', () => {
  it('keeps the last six characters of a PeerId behind an ellipsis', () => {
    expect(shortId('12D3KooWAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh')).toBe('…cdefgh')
  })
  it('leaves a short string whole', () => {
    expect(shortId('anchor-1')).toBe('anchor-1')
  })
})
