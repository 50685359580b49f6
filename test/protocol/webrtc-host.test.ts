import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/webrtc-host.json' with { type: 'json' }
import { parseHostToWorker, parseWorkerToHost } from '../../src/core/api/webrtc-protocol.ts'
import { buildWebrtcHostVectors } from './build/webrtc-host.ts'

const parse = (side: string, message: unknown) =>
  side === 'worker-to-host' ? parseWorkerToHost(message) : parseHostToWorker(message)

describe('worker ↔ tab host vectors (docs/protocol/webrtc.md)', () => {
  it('are reproduced exactly by the current code', () => {
    expect(JSON.parse(JSON.stringify(buildWebrtcHostVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`accepts the ${v.side} message "${v.name}"`, () => {
      const got = parse(v.side, v.message)
      expect(got).not.toBeInstanceOf(Error)
      expect(got).toEqual(v.message)
    })
  }

  for (const c of vectors.invalid) {
    it(`answers the ${c.side} message "${c.name}" with ${c.error}`, () => {
      expect(parse(c.side, c.message)).toMatchObject({ name: c.error })
    })
  }
})
