import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { PeerHints } from './peer-hints.ts'
import { applyPeersMessage, type PeerKnowledgeSink } from './peer-knowledge.ts'

const id = (s: string) => s as NodeId

function recordingSink() {
  const hints = new PeerHints({ maxSenders: 2, maxPerSender: 2 })
  const reach: Array<[2 | 3, NodeId, readonly NodeId[]]> = []
  const sink: PeerKnowledgeSink = {
    hints,
    replaceReachable: (level, via, ids) => reach.push([level, via, ids]),
  }
  return { sink, hints, reach }
}

describe('applying a peers share', () => {
  it('keeps entries as hints by the sender and turns its N1/N2 into our N2/N3', () => {
    const { sink, hints, reach } = recordingSink()
    applyPeersMessage(
      id('S'),
      {
        v: 1,
        peers: [
          { id: id('A'), anchor: true, addrs: ['/dns4/a.example/tcp/443/wss/p2p/A'] },
          { id: id('P'), anchor: false, addrs: [] },
        ],
        n1: [id('X'), id('ME'), id('X')],
        n2: [id('Y'), id('S')],
      },
      sink,
      id('ME'),
      1000,
    )
    expect(hints.about(id('A'))).toEqual([
      { id: 'A', claimedAnchor: true, addrs: ['/dns4/a.example/tcp/443/wss/p2p/A'], via: 'S', at: 1000 },
    ])
    expect(hints.about(id('P'))).toEqual([])
    expect(reach).toEqual([
      [2, 'S', ['X']],
      [3, 'S', ['Y']],
    ])
  })

  it('bounds hints per sender and in senders, the oldest sender going first', () => {
    const { sink, hints } = recordingSink()
    const share = (ids: string[]) => ({
      v: 1 as const,
      peers: ids.map((p) => ({
        id: id(p),
        anchor: true,
        addrs: [`/dns4/${p}.example/tcp/443/wss/p2p/${p}`],
      })),
      n1: [],
      n2: [],
    })
    applyPeersMessage(id('HONEST'), share(['A']), sink, id('ME'), 1)
    applyPeersMessage(id('SYBIL1'), share(['B', 'C', 'D']), sink, id('ME'), 2)
    expect(hints.size).toBe(3)
    applyPeersMessage(id('SYBIL2'), share(['E']), sink, id('ME'), 3)
    expect(hints.about(id('A'))).toEqual([])
    expect(hints.about(id('E'))).toHaveLength(1)
    expect(hints.size).toBe(3)
  })
})
