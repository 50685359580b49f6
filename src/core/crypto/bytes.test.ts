import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64Url, fromHex, fromUtf8, toBase64Url, toHex, u64be } from './bytes.ts'
import { randomBytes } from './random.ts'

describe('byte helpers', () => {
  it('round-trips any bytes through base64url and hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(toHex(fromBase64Url(toBase64Url(b)))).toBe(toHex(b))
        expect(toHex(fromHex(toHex(b)))).toBe(toHex(b))
      }),
    )
  })

  it('encodes base64url as RFC 4648 §5 without padding', () => {
    expect(toBase64Url(fromHex('fbff'))).toBe('-_8')
    expect(toBase64Url(fromHex('666f6f626172'))).toBe('Zm9vYmFy')
  })

  it('rejects padding, foreign characters and non-canonical trailing bits', () => {
    for (const bad of ['Zg==', 'Z+8', 'Z/8', 'A', 'Zh', 'é']) {
      expect(() => fromBase64Url(bad)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    }
  })

  it('rejects odd-length or non-hex strings and invalid UTF-8', () => {
    expect(() => fromHex('abc')).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(() => fromHex('zz')).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(() => fromUtf8(fromHex('ff'))).toThrow(expect.objectContaining({ name: 'ValidationError' }))
  })

  it('encodes u64 big-endian', () => {
    expect(toHex(u64be(0x0102030405))).toBe('0000000102030405')
    expect(() => u64be(-1)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
  })

  it('fills more than 64 KiB of random bytes', () => {
    const r = randomBytes(200_000)
    expect(r.length).toBe(200_000)
    expect(r.subarray(150_000, 150_032).some((b) => b !== 0)).toBe(true)
  })
})
