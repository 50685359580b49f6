import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { RecentPullers } from './recent-pullers.ts'

const id = (i: number) => `peer-${i}` as NodeId

describe('recent pullers', () => {
  it('lists the peers that pulled since a time, most recent first, and forgets the oldest beyond its bound', () => {
    const pullers = new RecentPullers(3)
    pullers.saw(id(1), 10)
    pullers.saw(id(2), 20)
    pullers.saw(id(3), 30)
    pullers.saw(id(1), 40) // seen again: now the newest
    expect(pullers.since(0)).toEqual([id(1), id(3), id(2)])
    pullers.saw(id(4), 50) // over the bound: the least recently seen (2) goes
    expect(pullers.since(0)).toEqual([id(4), id(1), id(3)])
    expect(pullers.since(35)).toEqual([id(4), id(1)])
  })
})
