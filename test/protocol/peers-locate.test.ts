import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/peers-locate.json' with { type: 'json' }
import { fromHex } from '../../src/core/crypto/index.ts'
import { FrameReader } from '../../src/core/net/frames.ts'
import {
  LOCATE_FRAME_BYTES,
  parseLocateAnswer,
  parseLocateRequest,
} from '../../src/core/net/locate-protocol.ts'
import { PEERS_FRAME_BYTES, parsePeersMessage } from '../../src/core/net/peers-message.ts'
import { buildPeersLocateVectors } from './build/peers-locate.ts'
import { readAll } from './read-all.ts'

const PARSERS: Record<string, [number, (value: unknown) => unknown]> = {
  peers: [PEERS_FRAME_BYTES, parsePeersMessage],
  'locate-request': [LOCATE_FRAME_BYTES, parseLocateRequest],
  'locate-answer': [LOCATE_FRAME_BYTES, parseLocateAnswer],
}

async function parseFrame(op: string, hex: string): Promise<unknown> {
  const [cap, parse] = PARSERS[op]!
  const frames = await readAll(new FrameReader(readAll.once(fromHex(hex)), cap))
  expect(frames).toHaveLength(1)
  return parse(frames[0])
}

describe('peers and locate vectors (docs/protocol/peers-locate.md)', () => {
  it('are reproduced exactly by the current code', () => {
    expect(JSON.parse(JSON.stringify(buildPeersLocateVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`parses the ${v.op} frame "${v.name}"`, async () => {
      expect(await parseFrame(v.op, v.hex)).toEqual(v.value)
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects the ${c.op} frame "${c.name}" with ${c.error}`, async () => {
      await expect(parseFrame(c.op, c.hex)).rejects.toMatchObject({ name: c.error })
    })
  }
})
