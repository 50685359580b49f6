import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { AdmissionBudget } from './admission.ts'

const a = 'author-a' as NodeId
const b = 'author-b' as NodeId

function refusal(fn: () => void): string | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return (err as Error).name
  }
}

describe('admission budget', () => {
  it('caps a session, a sender a day, the day in count and bytes, and opens again the next day', () => {
    let now = 0
    const budget = new AdmissionBudget({
      limits: { perSession: 3, perSenderPerDay: 2, perDay: 4, bytesPerDay: 1000 },
      now: () => now,
    })
    const s1 = budget.session()
    s1.admit(a, 10)
    s1.admit(a, 10)
    expect(refusal(() => s1.admit(a, 10))).toBe('AdmissionRefusedError')
    expect(refusal(() => s1.check(a))).toBe('AdmissionRefusedError')
    s1.admit(b, 10)
    expect(refusal(() => s1.admit(b, 10))).toBe('AdmissionRefusedError')
    const s2 = budget.session()
    expect(refusal(() => s2.admit(b, 2000))).toBe('AdmissionRefusedError')
    s2.admit('author-c' as NodeId, 10)
    expect(refusal(() => s2.admit('author-d' as NodeId, 10))).toBe('AdmissionRefusedError')
    expect(budget.usedToday()).toEqual({ posts: 4, bytes: 40 })
    now += 24 * 60 * 60 * 1000
    expect(budget.usedToday()).toEqual({ posts: 0, bytes: 0 })
    expect(refusal(() => budget.session().admit(a, 10))).toBeUndefined()
  })

  it('tells followed authors apart', () => {
    const budget = new AdmissionBudget({ follows: (x) => x === a })
    expect(budget.follows(a)).toBe(true)
    expect(budget.follows(b)).toBe(false)
    expect(new AdmissionBudget().follows(a)).toBe(false)
  })
})
