import { describe, expect, it } from 'vitest'
import { parseHostToWorker, parseWorkerToHost, transferablesOf } from './webrtc-protocol.ts'

const validFromHost: unknown[] = [
  { type: 'hello' },
  { type: 'pc.result', req: 3, ok: true, value: { type: 'offer', sdp: 'v=0' } },
  { type: 'pc.result', req: 3, ok: false, error: { name: 'OperationError', message: 'no' } },
  {
    type: 'pc.state',
    pc: 1,
    connectionState: 'connected',
    iceConnectionState: 'completed',
    iceGatheringState: 'complete',
    signalingState: 'stable',
  },
  { type: 'pc.candidate', pc: 1, candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } },
  { type: 'pc.candidate', pc: 1, candidate: null },
  { type: 'pc.path', pc: 1, local: 'srflx', remote: 'prflx', protocol: 'udp' },
  {
    type: 'pc.datachannel',
    pc: 1,
    dc: -4,
    info: {
      label: '',
      protocol: '',
      id: 5,
      ordered: true,
      negotiated: false,
      maxPacketLifeTime: null,
      maxRetransmits: null,
      readyState: 'open',
    },
  },
  { type: 'dc.message', dc: -4, data: new ArrayBuffer(8) },
  { type: 'dc.buffered', dc: 2, acked: 100, amount: 0 },
]

const invalidFromHost: [string, unknown][] = [
  ['not an object', 'hello'],
  ['an array', [{ type: 'hello' }]],
  ['no type', { pc: 1 }],
  ['an unknown type', { type: 'pc.explode', pc: 1 }],
  ['an inherited property name as type', { type: 'toString' }],
  ['a message payload that is a number', { type: 'dc.message', dc: 1, data: 5 }],
  [
    'a typed-array payload (only ArrayBuffer or string travel)',
    { type: 'dc.message', dc: 1, data: new Uint8Array(2) },
  ],
  ['a negative acked count', { type: 'dc.buffered', dc: 1, acked: -1, amount: 0 }],
  ['a fractional handle', { type: 'dc.close', dc: 1.5 }],
  [
    'an unknown connection state',
    {
      type: 'pc.state',
      pc: 1,
      connectionState: 'great',
      iceConnectionState: 'new',
      iceGatheringState: 'new',
      signalingState: 'stable',
    },
  ],
  [
    'a successful result with a bad description',
    { type: 'pc.result', req: 1, ok: true, value: { type: 'hello', sdp: '' } },
  ],
  [
    'a path with an unknown candidate type',
    { type: 'pc.path', pc: 1, local: 'p2p', remote: 'host', protocol: 'udp' },
  ],
  ['a path without a protocol', { type: 'pc.path', pc: 1, local: 'host', remote: 'host' }],
  ['a failed result without error data', { type: 'pc.result', req: 1, ok: false }],
  [
    'a candidate with a numeric sdpMid',
    { type: 'pc.candidate', pc: 1, candidate: { candidate: 'c', sdpMid: 0 } },
  ],
]

const invalidFromWorker: [string, unknown][] = [
  ['a send with a non-array payload', { type: 'dc.send', dc: 1, data: new ArrayBuffer(1) }],
  [
    'a call to a method the host does not forward',
    { type: 'pc.call', pc: 1, req: 1, call: 'getStats', arg: null },
  ],
  ['ice servers without urls', { type: 'pc.create', pc: 1, config: { iceServers: [{ username: 'x' }] } }],
  ['a channel id out of range', { type: 'dc.create', pc: 1, dc: 1, label: '', init: { id: -1 } }],
]

describe('WebRTC host protocol', () => {
  it.each(validFromHost.map((m) => [(m as { type: string }).type, m]))(
    'accepts a well-formed %s from the host',
    (_, m) => {
      expect(parseHostToWorker(m)).toBe(m)
    },
  )

  it.each(invalidFromHost)('rejects %s from the host with a ValidationError', (_, m) => {
    const result = parseHostToWorker(m)
    expect(result).toBeInstanceOf(Error)
    expect((result as Error).name).toBe('ValidationError')
  })

  it.each(invalidFromWorker)('rejects %s from the worker with a ValidationError', (_, m) => {
    expect((parseWorkerToHost(m) as Error).name).toBe('ValidationError')
  })

  it('accepts the commands the shim sends', () => {
    const commands = [
      { type: 'pc.create', pc: 1, config: { iceServers: [] } },
      { type: 'pc.call', pc: 1, req: 2, call: 'setRemoteDescription', arg: { type: 'answer', sdp: 'v=0' } },
      { type: 'pc.call', pc: 1, req: 3, call: 'addIceCandidate', arg: { candidate: 'c', sdpMid: '0' } },
      { type: 'dc.create', pc: 1, dc: 7, label: 'init', init: {} },
      { type: 'dc.send', dc: 7, data: [new ArrayBuffer(3), 'text'] },
      { type: 'reset' },
    ]
    for (const c of commands) expect(parseWorkerToHost(c)).toBe(c)
  })

  it('lists the ArrayBuffers of data messages as transferables, so payloads move without a copy', () => {
    const a = new ArrayBuffer(4)
    const b = new ArrayBuffer(2)
    expect(transferablesOf({ type: 'dc.send', dc: 1, data: [a, 'x', b] })).toEqual([a, b])
    expect(transferablesOf({ type: 'dc.message', dc: 1, data: a })).toEqual([a])
    expect(transferablesOf({ type: 'ping', seq: 1 })).toEqual([])
  })
})
