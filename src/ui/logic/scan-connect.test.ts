import { generate } from 'lean-qr'
import { describe, expect, it } from 'vitest'
import { followLink } from './follow-link.ts'
import { followTargetOf, scanFrame } from './scan-connect.ts'

const ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const CONNECT = `distsoc:${ID}?anchor=${encodeURIComponent('/dns4/anchor.example.org/tcp/443/wss')}`

/** A camera-like frame: the QR code of `text` drawn `scale` px per module on a grey background, with noise. */
function frameOf(text: string, scale = 4, size = 320): { rgba: Uint8ClampedArray; size: number } {
  const qr = generate(text)
  const rgba = new Uint8ClampedArray(size * size * 4)
  const offset = Math.floor((size - qr.size * scale) / 2)
  let seed = 7
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const mx = Math.floor((x - offset) / scale)
      const my = Math.floor((y - offset) / scale)
      const inside = mx >= 0 && my >= 0 && mx < qr.size && my < qr.size
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      const noise = (seed % 21) - 10
      const level = (inside ? (qr.get(mx, my) ? 30 : 225) : 200) + noise
      const i = (y * size + x) * 4
      rgba[i] = level
      rgba[i + 1] = level
      rgba[i + 2] = level
      rgba[i + 3] = 255
    }
  }
  return { rgba, size }
}

describe('scanFrame', () => {
  it('reads a connect string from a frame of its QR code', () => {
    const { rgba, size } = frameOf(CONNECT)
    expect(scanFrame(rgba, size, size)).toEqual({ type: 'target', target: CONNECT })
  })

  it('reads the connect string out of a follow link', () => {
    const { rgba, size } = frameOf(followLink('https://shareat.app', CONNECT), 3)
    expect(scanFrame(rgba, size, size)).toEqual({ type: 'target', target: CONNECT })
  })

  it('tells a QR code of something else from no code at all', () => {
    const { rgba, size } = frameOf('https://example.org/menu')
    expect(scanFrame(rgba, size, size)).toEqual({ type: 'foreign' })
    expect(scanFrame(new Uint8ClampedArray(64 * 64 * 4).fill(128), 64, 64)).toEqual({ type: 'none' })
  })

  it('gives nothing for a frame whose size does not match its pixels', () => {
    expect(scanFrame(new Uint8ClampedArray(10), 64, 64)).toEqual({ type: 'none' })
    expect(scanFrame(new Uint8ClampedArray(0), 0, 0)).toEqual({ type: 'none' })
  })
})

describe('followTargetOf', () => {
  it('accepts a NodeId, a connect string and a follow link, nothing else', () => {
    expect(followTargetOf(` ${ID} `)).toBe(ID)
    expect(followTargetOf(CONNECT)).toBe(CONNECT)
    expect(followTargetOf(followLink('http://127.0.0.1:5173', ID))).toBe(ID)
    expect(followTargetOf('javascript:alert(1)#follow=' + ID)).toBeNull()
    expect(followTargetOf('distsoc:not-an-id')).toBeNull()
    expect(followTargetOf('hello')).toBeNull()
  })
})
