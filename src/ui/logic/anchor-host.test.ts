import { describe, expect, it } from 'vitest'
import { anchorHost } from './anchor-host.ts'

const ID = '12D3KooWExampleExampleExampleExampleExampleExample'

describe('anchorHost', () => {
  it('names a DNS anchor by its host alone on the default wss port', () => {
    expect(anchorHost(`/dns4/anchor.example.org/tcp/443/wss/p2p/${ID}`)).toBe('anchor.example.org')
  })
  it('keeps a port that is not the default of its scheme', () => {
    expect(anchorHost(`/ip4/127.0.0.1/tcp/4001/ws/p2p/${ID}`)).toBe('127.0.0.1:4001')
    expect(anchorHost(`/ip6/::1/tcp/4001/ws/p2p/${ID}`)).toBe('[::1]:4001')
  })
  it('returns what it does not understand unchanged', () => {
    expect(anchorHost('not a multiaddr')).toBe('not a multiaddr')
    expect(anchorHost(`/p2p/${ID}`)).toBe(`/p2p/${ID}`)
  })
})
