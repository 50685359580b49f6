import { describe, expect, it } from 'vitest'
import { parseBootstrap } from './bootstrap.ts'

const a = '/ip4/127.0.0.1/tcp/4001/ws/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'
const d = '/dns4/shareat.app/tcp/443/wss/p2p/12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD'

describe('parseBootstrap', () => {
  it('keeps community anchors in order and the default one apart', () => {
    expect(
      parseBootstrap({
        anchors: [
          { addr: a, default: false },
          { addr: d, default: true },
        ],
        default: { addr: d },
      }),
    ).toEqual({
      anchors: [a],
      defaultAnchor: d,
    })
  })

  it('rejects a document that is not one, naming the field', () => {
    expect(() => parseBootstrap(null)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(() => parseBootstrap({ anchors: [{ addr: 'not-a-multiaddr' }] })).toThrow(/p2p/)
    expect(() => parseBootstrap({ anchors: 'x' })).toThrow(/bootstrap.anchors/)
  })
})

describe('parseBootstrap: ICE servers beside the anchors (issue 18)', () => {
  it("takes each anchor's STUN and TURN servers, without duplicates", () => {
    const stun = { urls: 'stun:anchor.example.org:3478' }
    const turn = { urls: 'turn:anchor.example.org:3478?transport=udp', username: 'u', credential: 'p' }
    expect(
      parseBootstrap({
        anchors: [
          { addr: a, ice: [stun, turn] },
          { addr: d, default: true, ice: [stun] },
        ],
      }).ice,
    ).toEqual({ [a]: [stun, turn], [d]: [stun] })
  })

  it('has no ICE servers at all unless an anchor names one (no third-party default)', () => {
    expect(parseBootstrap({ anchors: [{ addr: a }] }).ice).toBeUndefined()
  })

  it.each([
    [{ urls: 'http://evil.example/' }, /urls/],
    [{ urls: 'stun:' }, /urls/],
    [{ urls: 'stun:host:99999' }, /port/],
    [{ urls: ['stun:a:1'] }, /urls/],
    [{ urls: 'turn:relay.example:3478' }, /username/],
    [{ urls: 'stun:a:1', username: 'x'.repeat(300) }, /username/],
    ['stun:a:1', /object/],
  ])('refuses the bad ICE entry %j, naming the field', (entry, message) => {
    expect(() => parseBootstrap({ anchors: [{ addr: a, ice: [entry] }] })).toThrow(
      expect.objectContaining({ name: 'ValidationError', message: expect.stringMatching(message) }),
    )
  })

  it('refuses more ICE servers than it would use, per anchor and in all', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ urls: `stun:s${i}.example:3478` }))
    expect(() => parseBootstrap({ anchors: [{ addr: a, ice: many }] })).toThrow(/at most 8/)
    expect(() =>
      parseBootstrap({
        anchors: [
          { addr: a, ice: many.slice(0, 5) },
          { addr: d, ice: many.slice(4) },
        ],
      }),
    ).toThrow(/at most 8 distinct/)
  })
})
