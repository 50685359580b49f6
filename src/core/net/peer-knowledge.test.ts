import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { applyPeersMessage, type PeerKnowledgeSink } from './peer-knowledge.ts'

const id = (s: string) => s as NodeId

function recordingSink() {
  const peers: Parameters<PeerKnowledgeSink['upsertPeer']>[0][] = []
  const reach: Array<[2 | 3, NodeId, readonly NodeId[]]> = []
  const sink: PeerKnowledgeSink = {
    upsertPeer: (p) => peers.push(p),
    replaceReachable: (level, via, ids) => reach.push([level, via, ids]),
  }
  return { sink, peers, reach }
}

describe('applying a peers share', () => {
  it('stores anchors as introduced by the sender and turns its N1/N2 into our N2/N3', () => {
    const { sink, peers, reach } = recordingSink()
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
    expect(peers).toEqual([
      {
        node_id: 'A',
        addresses: ['/dns4/a.example/tcp/443/wss/p2p/A'],
        last_seen: 1000,
        is_anchor: true,
        introduced_by: 'S',
        found_via: null,
      },
    ])
    expect(reach).toEqual([
      [2, 'S', ['X']],
      [3, 'S', ['Y']],
    ])
  })
})
