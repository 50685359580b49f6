/**
 * Vectors of docs/protocol/peers-locate.md: the `/distsoc/peers/1.0.0` share and the
 * `/distsoc/locate/1.0.0` request and answers, as whole frames (framing.md), and invalid ones.
 */
import { encodeFrame } from '../../../src/core/net/frames.ts'
import { LOCATE_FRAME_BYTES } from '../../../src/core/net/locate-protocol.ts'
import { PEERS_FRAME_BYTES } from '../../../src/core/net/peers-message.ts'
import { ALICE, BOB, CAROL, hex, MALLORY, NOW } from './common.ts'

const ANCHOR_ADDR = '/dns4/anchor.example/tcp/443/wss'
const CIRCUIT = `/dns4/anchor.example/tcp/443/wss/p2p/${CAROL.nodeId}/p2p-circuit/p2p/${BOB.nodeId}`

/** The peers and locate vectors; `op` names the parser (peers, locate-request, locate-answer). */
export function buildPeersLocateVectors() {
  const peers = (value: unknown) => hex(encodeFrame(value, PEERS_FRAME_BYTES))
  const locate = (value: unknown) => hex(encodeFrame(value, LOCATE_FRAME_BYTES))
  const share = {
    v: 1,
    peers: [{ id: CAROL.nodeId, anchor: true, addrs: [ANCHOR_ADDR] }],
    n1: [BOB.nodeId],
    n2: [MALLORY.nodeId],
  }
  return {
    description:
      'docs/protocol/peers-locate.md. Each hex is one frame (framing.md): peers frames capped at 65536 bytes, locate frames at 4096. A peers share lists anchors with addresses and N1/N2 NodeIds without addresses; a locate request names one NodeId; an answer is found with ≤ 8 addresses and last_seen (ms), or not found.',
    valid: [
      { name: 'peers share: one anchor, N1 and N2', op: 'peers', value: share, hex: peers(share) },
      {
        name: 'empty peers share',
        op: 'peers',
        value: { v: 1, peers: [], n1: [], n2: [] },
        hex: peers({ v: 1, peers: [], n1: [], n2: [] }),
      },
      {
        name: 'locate request',
        op: 'locate-request',
        value: { v: 1, id: BOB.nodeId },
        hex: locate({ v: 1, id: BOB.nodeId }),
      },
      {
        name: 'locate answer: found',
        op: 'locate-answer',
        value: { v: 1, found: true, addrs: [CIRCUIT], last_seen: NOW },
        hex: locate({ v: 1, found: true, addrs: [CIRCUIT], last_seen: NOW }),
      },
      {
        name: 'locate answer: not found',
        op: 'locate-answer',
        value: { v: 1, found: false },
        hex: locate({ v: 1, found: false }),
      },
    ],
    invalid: [
      {
        name: 'peers share of version 2',
        op: 'peers',
        hex: peers({ ...share, v: 2 }),
        error: 'MalformedError',
      },
      { name: 'peers share that is a list', op: 'peers', hex: peers([share]), error: 'MalformedError' },
      {
        name: 'peers share without n2',
        op: 'peers',
        hex: peers({ v: 1, peers: [], n1: [] }),
        error: 'ValidationError',
      },
      {
        name: 'peers share with 65 peers (cap 64)',
        op: 'peers',
        hex: peers({ ...share, peers: Array.from({ length: 65 }, () => share.peers[0]) }),
        error: 'ValidationError',
      },
      {
        name: 'peer entry whose anchor is "yes"',
        op: 'peers',
        hex: peers({ ...share, peers: [{ id: CAROL.nodeId, anchor: 'yes', addrs: [] }] }),
        error: 'ValidationError',
      },
      {
        name: 'peer entry with 5 addresses (cap 4)',
        op: 'peers',
        hex: peers({
          ...share,
          peers: [{ id: CAROL.nodeId, anchor: true, addrs: Array(5).fill(ANCHOR_ADDR) }],
        }),
        error: 'ValidationError',
      },
      {
        name: 'peer address that is not a multiaddr',
        op: 'peers',
        hex: peers({
          ...share,
          peers: [{ id: CAROL.nodeId, anchor: true, addrs: ['https://anchor.example'] }],
        }),
        error: 'ValidationError',
      },
      {
        name: 'n1 entry that is not a NodeId',
        op: 'peers',
        hex: peers({ ...share, n1: ['bob'] }),
        error: 'InvalidNodeIdError',
      },
      {
        name: 'n2 with 257 NodeIds (cap 256)',
        op: 'peers',
        hex: peers({ ...share, n2: Array(257).fill(ALICE.nodeId) }),
        error: 'ValidationError',
      },
      {
        name: 'locate request of version 2',
        op: 'locate-request',
        hex: locate({ v: 2, id: BOB.nodeId }),
        error: 'MalformedError',
      },
      {
        name: 'locate request for a non-NodeId',
        op: 'locate-request',
        hex: locate({ v: 1, id: 'QmNotEd25519' }),
        error: 'InvalidNodeIdError',
      },
      {
        name: 'locate answer whose found is 1',
        op: 'locate-answer',
        hex: locate({ v: 1, found: 1 }),
        error: 'MalformedError',
      },
      {
        name: 'locate answer with 9 addresses (cap 8)',
        op: 'locate-answer',
        hex: locate({ v: 1, found: true, addrs: Array(9).fill(CIRCUIT), last_seen: NOW }),
        error: 'ValidationError',
      },
      {
        name: 'locate answer with a negative last_seen',
        op: 'locate-answer',
        hex: locate({ v: 1, found: true, addrs: [CIRCUIT], last_seen: -1 }),
        error: 'ValidationError',
      },
    ],
  }
}
