import { describe, expect, it } from 'vitest'
import { CardSlots } from './card-slots.ts'

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `p${from + i}`)

describe('CardSlots', () => {
  it('hands the slots of posts that scrolled out to the posts that scrolled in', () => {
    const slots = new CardSlots()
    slots.assign(range(0, 9))
    const before = range(0, 9).map((id) => slots.keyOf(id))
    expect(new Set(before).size).toBe(10)
    slots.assign(range(4, 13))
    // the six that stayed keep their cards
    for (let i = 4; i <= 9; i++) expect(slots.keyOf(`p${i}`)).toBe(before[i])
    // the four new ones take exactly the four freed cards, no new ones
    const reused = range(10, 13).map((id) => slots.keyOf(id))
    expect(new Set(reused)).toEqual(new Set(before.slice(0, 4)))
  })

  it('gives distinct keys within a range whatever the sequence of ranges', () => {
    const slots = new CardSlots()
    const ranges: [number, number][] = [
      [0, 5],
      [3, 12],
      [40, 44],
      [41, 60],
      [0, 2],
      [1, 30],
    ]
    for (const [a, b] of ranges) {
      slots.assign(range(a, b))
      const keys = range(a, b).map((id) => slots.keyOf(id))
      expect(new Set(keys).size).toBe(keys.length)
      expect(Math.max(...keys)).toBeLessThan(30)
    }
  })

  it('gives an id outside the assigned range a key no card in range has', () => {
    const slots = new CardSlots()
    slots.assign(range(0, 4))
    const inRange = range(0, 4).map((id) => slots.keyOf(id))
    expect(inRange).not.toContain(slots.keyOf('stranger'))
    expect(slots.keyOf('stranger')).toBe(slots.keyOf('stranger'))
  })
})
