import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../crypto/index.ts'
import { decodeCanonical, encodeCanonical } from './canonical.ts'

describe('canonical CBOR', () => {
  it('sorts map keys bytewise (RFC 8949 §4.2.1), not by length first', () => {
    // "b" (0x61 0x62) sorts before "aa" (0x62 0x61 0x61) bytewise because the length is in the header byte.
    expect(toHex(encodeCanonical({ aa: 1, b: 2 }))).toBe('a261620262616101')
  })

  it('encodes Uint8Array as a byte string and decodes it back to a Uint8Array', () => {
    const bytes = encodeCanonical({ k: new Uint8Array([1, 2, 3]) })
    expect(toHex(bytes)).toBe('a1616b43010203')
    const back = decodeCanonical(bytes) as { k: Uint8Array }
    expect(back.k).toBeInstanceOf(Uint8Array)
    expect([...back.k]).toEqual([1, 2, 3])
  })

  it('leaves out undefined properties and refuses a bare undefined', () => {
    expect(toHex(encodeCanonical({ a: 1, b: undefined }))).toBe(toHex(encodeCanonical({ a: 1 })))
    expect(() => encodeCanonical([undefined])).toThrow(expect.objectContaining({ name: 'ValidationError' }))
  })

  it('encodes millisecond timestamps as integers', () => {
    expect(decodeCanonical(encodeCanonical({ t: 1_700_000_000_123 }))).toEqual({ t: 1_700_000_000_123 })
  })

  it('is stable under key reordering', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.uint8Array())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse())
        const a = encodeCanonical(obj)
        expect(toHex(encodeCanonical(reversed))).toBe(toHex(a))
        expect(toHex(encodeCanonical(decodeCanonical(a)))).toBe(toHex(a))
      }),
    )
  })

  it.each([
    ['unsorted keys', 'a262616101616202'],
    ['a non-minimal integer', 'a161611817'],
    ['an indefinite-length array', '9f01ff'],
    ['undefined', 'f7'],
    ['a duplicate key', 'a2616101616102'],
    ['a tag', 'c11a514b67b0'],
    ['trailing bytes', '0101'],
    ['truncated input', 'a26161'],
    ['a non-string map key', 'a10102'],
    ['empty input', ''],
  ])('rejects %s with MalformedError', (_name, hex) => {
    expect(() => decodeCanonical(fromHex(hex))).toThrow(expect.objectContaining({ name: 'MalformedError' }))
  })
})
