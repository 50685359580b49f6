import { describe, expect, it } from 'vitest'
import { checkFollowTarget, looksLikeNodeId } from './follow-target.ts'

const id = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'

describe('checkFollowTarget', () => {
  it('accepts a bare NodeId and a connect string with anchors', () => {
    expect(looksLikeNodeId(id)).toBe(true)
    expect(checkFollowTarget(` ${id} `)).toBeNull()
    expect(checkFollowTarget(`distsoc:${id}?anchor=%2Fdns4%2Fa.example%2Ftcp%2F443%2Fwss`)).toBeNull()
  })

  it('refuses empty input, junk, a truncated id and ids with characters outside base58', () => {
    expect(checkFollowTarget('')).toMatch(/Paste/)
    expect(checkFollowTarget('hello')).toMatch(/not a NodeId/)
    expect(checkFollowTarget(id.slice(0, 40))).toMatch(/not a NodeId/)
    expect(checkFollowTarget(`${id.slice(0, -1)}0`)).toMatch(/not a NodeId/)
    expect(checkFollowTarget('distsoc:nope?anchor=x')).toMatch(/connect string does not contain/)
  })
})
