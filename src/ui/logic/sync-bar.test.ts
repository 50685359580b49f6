import { describe, expect, it } from 'vitest'
import type { NodeId } from '../../core/api/index.ts'
import { syncBar } from './sync-bar.ts'

const peer = (n: number) => `peer${n}` as NodeId

describe('syncBar', () => {
  it('counts against the total where the peers said how much is coming', () => {
    expect(syncBar([{ peer: peer(1), received: 250, total: 1000, done: false }])).toEqual({
      label: 'Syncing with 1 peer… 250/1,000',
      value: 250,
      max: 1000,
    })
  })

  it('shows a running count and no fill where the total is only what arrived (a first sync)', () => {
    const bar = syncBar([
      { peer: peer(1), received: 2944, total: 2944, done: false },
      { peer: peer(2), received: 10, total: 40, done: false },
    ])
    expect(bar).toEqual({ label: 'Syncing with 2 peers… 2,954 posts so far' })
  })
})
