import { describe, expect, it } from 'vitest'
import { connectionIceRoute, connectionPath, iceRoute } from './connection-path.ts'

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

describe('iceRoute (issue 18)', () => {
  it('calls host candidates on both sides direct', () => {
    expect(iceRoute({ local: 'host', remote: 'host', protocol: 'udp' })).toBe('direct')
  })
  it("calls a crossed NAT (server- or peer-reflexive on either side) the anchor's STUN", () => {
    expect(iceRoute({ local: 'srflx', remote: 'srflx', protocol: 'udp' })).toBe('stun')
    expect(iceRoute({ local: 'host', remote: 'prflx', protocol: 'udp' })).toBe('stun')
  })
  it('calls a relay candidate on either side TURN, whatever the other side is', () => {
    expect(iceRoute({ local: 'relay', remote: 'srflx', protocol: 'udp' })).toBe('turn')
    expect(iceRoute({ local: 'host', remote: 'relay', protocol: 'tcp' })).toBe('turn')
  })
  it("reads the route off a WebRTC connection's peer connection, and nothing off anything else", () => {
    const path = { local: 'srflx', remote: 'host', protocol: 'udp' }
    expect(connectionIceRoute({ maConn: { peerConnection: { icePath: path } } })).toBe('stun')
    expect(connectionIceRoute({ maConn: { peerConnection: {} } })).toBeUndefined()
    expect(connectionIceRoute({ maConn: {} })).toBeUndefined()
    expect(connectionIceRoute(null)).toBeUndefined()
  })
})
