import { describe, expect, it } from 'vitest'
import vectors from '../../../docs/protocol/vectors/hosting.json' with { type: 'json' }
import { fromHex } from '../crypto/index.ts'
import { verifyPost } from '../model/index.ts'
import { NOW } from '../model/test-support/fixtures.ts'
import { FrameReader } from '../net/frames.ts'
import { refusalError } from './host-client.ts'
import { HOST_FRAME_BYTES, parseAnswer, parseHostBlob, parseOffer, parseStored } from './host-frames.ts'
import { buildHostingVectors } from './test-support/vectors.ts'

const PARSERS = { offer: parseOffer, blob: parseHostBlob, answer: parseAnswer, stored: parseStored } as const

async function readOne(hex: string, op: keyof typeof PARSERS) {
  async function* chunks() {
    yield fromHex(hex)
  }
  return PARSERS[op](await new FrameReader(chunks(), HOST_FRAME_BYTES).next())
}

describe('hosting vectors', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildHostingVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`parses the valid vector "${v.name}"`, async () => {
      const frame = await readOne(v.hex, v.op as keyof typeof PARSERS)
      if (frame.type === 'offer') expect((await verifyPost(frame.post, NOW)).id).toBe(v.post_id)
      if (frame.type === 'refuse') expect(refusalError(frame).name).toBe(v.error_on_asker)
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      await expect(readOne(c.hex, c.op as keyof typeof PARSERS)).rejects.toMatchObject({ name: c.error })
    })
  }
})
