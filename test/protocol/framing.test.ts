import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/framing.json' with { type: 'json' }
import { fromHex } from '../../src/core/crypto/index.ts'
import { encodeFrame, FrameReader } from '../../src/core/net/frames.ts'
import { buildFramingVectors } from './build/framing.ts'
import { readAll } from './read-all.ts'

describe('framing vectors (docs/protocol/framing.md)', () => {
  it('are reproduced exactly by the current code', () => {
    expect(JSON.parse(JSON.stringify(buildFramingVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`decodes and re-encodes "${v.name}"`, async () => {
      expect(await readAll(new FrameReader(readAll.once(fromHex(v.hex)), v.max_bytes))).toEqual([v.value])
      expect(encodeFrame(v.value, v.max_bytes)).toEqual(fromHex(v.hex))
    })
    it(`decodes "${v.name}" delivered one byte at a time`, async () => {
      const reader = new FrameReader(readAll.byteByByte(fromHex(v.hex)), v.max_bytes)
      expect(await readAll(reader)).toEqual([v.value])
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      await expect(readAll(new FrameReader(readAll.once(fromHex(c.hex)), c.max_bytes))).rejects.toMatchObject(
        {
          name: c.error,
        },
      )
    })
  }
})
