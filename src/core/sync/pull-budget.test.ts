import { describe, expect, it } from 'vitest'
import { PullBudget } from './pull-budget.ts'

describe('pull budget', () => {
  it('caps sessions per peer and in all, and frees a slot once released', () => {
    const budget = new PullBudget({ perPeer: 2, global: 3 })
    const a1 = budget.tryStart('a')
    const a2 = budget.tryStart('a')
    expect(budget.tryStart('a')).toEqual({ refused: 'peer-busy' })
    const b1 = budget.tryStart('b')
    expect(budget.tryStart('c')).toEqual({ refused: 'global-busy' })
    expect(budget.inFlight).toBe(3)
    if (!('release' in a1) || !('release' in a2) || !('release' in b1)) throw new Error('refused')
    a1.release()
    a1.release()
    expect(budget.inFlight).toBe(2)
    expect('release' in budget.tryStart('c')).toBe(true)
  })

  it('caps new sessions per peer per minute, and starts afresh the next minute', () => {
    let now = 0
    const budget = new PullBudget({ perPeerPerMinute: 3, now: () => now })
    for (let i = 0; i < 3; i++) {
      const s = budget.tryStart('a')
      if ('release' in s) s.release()
    }
    expect(budget.tryStart('a')).toEqual({ refused: 'peer-rate' })
    expect('release' in budget.tryStart('b')).toBe(true)
    now = 60_000
    expect('release' in budget.tryStart('a')).toBe(true)
  })
})
