import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { type BackoffEvent, PeerBackoff } from './peer-backoff.ts'

const flooder = 'peer-flooder' as NodeId
const honest = 'peer-honest' as NodeId

describe('peer backoff', () => {
  it('strikes a peer past the threshold, shortens then refuses its sessions for a doubling cool-down', () => {
    let now = 0
    const events: BackoffEvent[] = []
    const backoff = new PeerBackoff({
      now: () => now,
      limits: { threshold: 10, allowance: 4, baseMs: 1000, refuseFromStrike: 3 },
      onEvent: (e) => events.push(e),
    })
    expect(backoff.gate(flooder)).toEqual({ refused: false })
    backoff.settle(flooder, 10, false)
    expect(backoff.gate(flooder)).toEqual({ refused: false })
    backoff.settle(flooder, 11, false)
    expect(backoff.gate(flooder)).toEqual({ refused: false, maxRefusals: 4 })
    backoff.settle(flooder, 5, true)
    now += 1500
    // the second cool-down is 2 s, so it still runs
    expect(backoff.gate(flooder)).toEqual({ refused: false, maxRefusals: 4 })
    backoff.settle(flooder, 5, true)
    expect(backoff.gate(flooder)).toEqual({ refused: true, until: 1500 + 4000 })
    expect(backoff.gate(honest)).toEqual({ refused: false })
    now += 4000
    expect(backoff.gate(flooder)).toEqual({ refused: false })
    backoff.settle(flooder, 0, false)
    expect(backoff.gate(flooder)).toEqual({ refused: false })
    expect(events).toEqual(['struck', 'shortened', 'struck', 'shortened', 'struck', 'refused', 'forgiven'])
  })

  it("only ever cuts short the sessions of a spared peer (a node's own anchor)", () => {
    const backoff = new PeerBackoff({ now: () => 0, limits: { threshold: 0 }, spare: (p) => p === flooder })
    for (let i = 0; i < 5; i++) {
      backoff.settle(flooder, 1, true)
      backoff.settle(honest, 1, true)
    }
    expect(backoff.gate(flooder)).toEqual({ refused: false, maxRefusals: 8 })
    expect(backoff.gate(honest)).toMatchObject({ refused: true })
  })

  it('keeps a cool-down after a clean session that ends inside it, and caps its length', () => {
    let now = 0
    const backoff = new PeerBackoff({ now: () => now, limits: { threshold: 0, baseMs: 1000, maxMs: 3000 } })
    for (let i = 0; i < 6; i++) backoff.settle(flooder, 1, false)
    expect(backoff.gate(flooder)).toEqual({ refused: true, until: 3000 })
    now = 2999
    backoff.settle(flooder, 0, false)
    expect(backoff.gate(flooder)).toMatchObject({ refused: true })
  })
})
