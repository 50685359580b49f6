import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { RecentConnections } from './recent-connections.ts'

const id = (n: number | string) => `12D3KooWpeer${n}` as NodeId

describe('recent-connection cache', () => {
  it('keeps vouched peers however many fresh identities a sybil brings', () => {
    const recent = new RecentConnections({ maxEntries: 100, maxProbation: 50, maxProbationPerGroup: 10 })
    for (let i = 0; i < 20; i++) {
      recent.seen(id(`honest${i}`), [`/circuit/${i}`], true, `10.0.${i}.0/24`)
      recent.vouch(id(`honest${i}`))
    }
    // 10,000 throwaway identities from a spread of prefixes
    for (let i = 0; i < 10_000; i++) recent.seen(id(`sybil${i}`), [], true, `192.168.${i % 256}.0/24`)
    for (let i = 0; i < 20; i++) expect(recent.lookup(id(`honest${i}`))?.addrs).toEqual([`/circuit/${i}`])
    expect(recent.size).toBe(20 + 50)
    expect(recent.vouchedSize).toBe(20)
  })

  it('lets one source group flush only its own probationary entries', () => {
    const recent = new RecentConnections({ maxProbation: 100, maxProbationPerGroup: 5 })
    for (let i = 0; i < 10; i++) recent.seen(id(`newcomer${i}`), [], true, `10.1.${i}.0/24`)
    for (let i = 0; i < 1000; i++) recent.seen(id(`sybil${i}`), [], true, '192.168.1.0/24')
    for (let i = 0; i < 10; i++) expect(recent.lookup(id(`newcomer${i}`))).toBeDefined()
    expect(recent.size).toBe(10 + 5)
    // the newest of the sybil group are the ones kept
    expect(recent.lookup(id('sybil999'))).toBeDefined()
    expect(recent.lookup(id('sybil0'))).toBeUndefined()
  })

  it('evicts the oldest vouched entry past maxEntries, and lists both tiers newest first', () => {
    let now = 1_000
    const recent = new RecentConnections({ maxEntries: 2, now: () => now })
    for (const n of [1, 2, 3]) {
      now += 10
      recent.seen(id(n), [], true, 'g')
      recent.vouch(id(n))
    }
    now += 10
    recent.seen(id('fresh'), [], true, 'g')
    expect(recent.lookup(id(1))).toBeUndefined()
    expect(recent.recent(10).map((e) => e.id)).toEqual([id('fresh'), id(3), id(2)])
  })

  it('forgets a disconnected peer after maxAge, keeps addresses meanwhile', () => {
    let now = 0
    const recent = new RecentConnections({ maxAgeMs: 100, now: () => now })
    recent.seen(id(1), ['/a'], true, 'g')
    recent.seen(id(1), ['/b'])
    recent.disconnected(id(1))
    now = 50
    expect(recent.lookup(id(1))?.addrs).toEqual(['/b', '/a'])
    now = 200
    expect(recent.lookup(id(1))).toBeUndefined()
    expect(recent.size).toBe(0)
  })
})
