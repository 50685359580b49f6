import { describe, expect, it } from 'vitest'
import { connectionPath } from './connection-path.ts'

const peer = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'
const relay = '12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD'

describe('connectionPath', () => {
  it('calls a direct WebRTC connection webrtc, also when set up through a relay', () => {
    expect(connectionPath(`/ip4/127.0.0.1/tcp/4001/ws/p2p/${relay}/p2p-circuit/webrtc/p2p/${peer}`)).toBe(
      'webrtc',
    )
    expect(connectionPath(`/ip4/127.0.0.1/udp/4001/webrtc/p2p/${peer}`)).toBe('webrtc')
  })
  it('calls a circuit through an anchor relayed', () => {
    expect(connectionPath(`/ip4/127.0.0.1/tcp/4001/ws/p2p/${relay}/p2p-circuit/p2p/${peer}`)).toBe('relayed')
  })
  it('calls an anchor WebSocket connection websocket', () => {
    expect(connectionPath(`/ip4/127.0.0.1/tcp/4001/ws/p2p/${relay}`)).toBe('websocket')
    expect(connectionPath('/dns4/anchor.example/tcp/443/tls/ws')).toBe('websocket')
  })
})
