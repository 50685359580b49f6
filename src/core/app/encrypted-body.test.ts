import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BODY_OVERHEAD_CHARS, decodeBody, encodeBody } from './encrypted-body.ts'

describe('encrypted body', () => {
  it('round-trips the kind and any text', () => {
    fc.assert(
      fc.property(fc.constantFrom('dm' as const, 'post' as const), fc.string(), (kind, text) => {
        expect(decodeBody(encodeBody({ kind, text }))).toEqual({ kind, text })
      }),
    )
  })

  it('shows plaintext without a header as a post', () => {
    expect(decodeBody('hello\nworld')).toEqual({ kind: 'post', text: 'hello\nworld' })
  })

  it('adds at most BODY_OVERHEAD_CHARS characters', () => {
    expect(encodeBody({ kind: 'post', text: '' }).length).toBeLessThanOrEqual(BODY_OVERHEAD_CHARS)
  })
})
