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

describe('pull budget of strangers', () => {
  it('caps strangers at once and per second, in all, while users still start', () => {
    let now = 0
    const budget = new PullBudget({
      isUser: (peer) => peer.startsWith('user'),
      strangers: 2,
      strangersPerSecond: 3,
      now: () => now,
    })
    const s1 = budget.tryStart('s1')
    const s2 = budget.tryStart('s2')
    expect(budget.tryStart('s3')).toEqual({ refused: 'strangers-busy' })
    expect('release' in budget.tryStart('user-a')).toBe(true)
    if (!('release' in s1) || !('release' in s2)) throw new Error('refused')
    s1.release()
    s1.release()
    const s4 = budget.tryStart('s4')
    if (!('release' in s4)) throw new Error('refused')
    s4.release()
    // three strangers started this second: the fourth waits for the next one
    expect(budget.tryStart('s5')).toEqual({ refused: 'strangers-rate' })
    expect('release' in budget.tryStart('user-b')).toBe(true)
    now = 1000
    expect('release' in budget.tryStart('s5')).toBe(true)
  })
})
