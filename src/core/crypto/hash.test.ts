import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from './bytes.ts'
import { blake3, blake3Keyed, deriveKey } from './hash.ts'
import vectors from './vectors/blake3.json' with { type: 'json' }

function input(len: number): Uint8Array {
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) out[i] = i % 251
  return out
}

describe('BLAKE3 against the official test vectors', () => {
  for (const c of vectors.cases) {
    it(`hashes ${c.input_len} bytes (default length and extended output)`, () => {
      expect(toHex(blake3(input(c.input_len)))).toBe(c.hash.slice(0, 64))
      expect(toHex(blake3(input(c.input_len), c.hash.length / 2))).toBe(c.hash)
    })
    it(`keyed-hashes ${c.input_len} bytes`, () => {
      const key = utf8(vectors.key)
      expect(toHex(blake3Keyed(key, input(c.input_len)))).toBe(c.keyed_hash.slice(0, 64))
      expect(toHex(blake3Keyed(key, input(c.input_len), c.keyed_hash.length / 2))).toBe(c.keyed_hash)
    })
    it(`derives a key from ${c.input_len} bytes under a context string`, () => {
      expect(toHex(deriveKey(vectors.context_string, input(c.input_len)))).toBe(c.derive_key.slice(0, 64))
      expect(toHex(deriveKey(vectors.context_string, input(c.input_len), c.derive_key.length / 2))).toBe(
        c.derive_key,
      )
    })
  }

  it('gives different keys for different contexts', () => {
    expect(toHex(deriveKey('distsoc v1 wrap', input(64)))).not.toBe(
      toHex(deriveKey('distsoc v1 other', input(64))),
    )
  })
})
