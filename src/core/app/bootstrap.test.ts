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
