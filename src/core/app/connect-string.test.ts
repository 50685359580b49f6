import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../model/index.ts'
import { formatConnectString, parseConnectString } from './connect-string.ts'

const id = generateIdentity().nodeId
const anchor = `/dns4/anchor.example/tcp/443/wss/p2p/${generateIdentity().nodeId}`

describe('connect strings', () => {
  it('round-trips a NodeId and its anchors, and accepts a bare NodeId', () => {
    expect(parseConnectString(formatConnectString(id, [anchor]))).toEqual({ nodeId: id, anchors: [anchor] })
    expect(parseConnectString(`  ${id} `)).toEqual({ nodeId: id, anchors: [] })
  })

  it('refuses what is not one with a typed error', () => {
    expect(() => parseConnectString('')).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(() => parseConnectString(42)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(() => parseConnectString('distsoc:12D3KooWnope')).toThrow(
      expect.objectContaining({ name: 'InvalidNodeIdError' }),
    )
    expect(() => parseConnectString(`distsoc:${id}?evil=1`)).toThrow(/unknown part/)
    expect(() => parseConnectString(`distsoc:${id}?anchor=not-a-multiaddr`)).toThrow(/multiaddr/)
    expect(() => parseConnectString(`distsoc:${id}?anchor=%E0%A4%A`)).toThrow(/badly encoded/)
    const five = Array.from({ length: 5 }, () => `anchor=${encodeURIComponent(anchor)}`).join('&')
    expect(() => parseConnectString(`distsoc:${id}?${five}`)).toThrow(/more than 4/)
  })
})
