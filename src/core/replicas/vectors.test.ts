import { describe, expect, it } from 'vitest'
import vectors from '../../../docs/protocol/vectors/replicas.json' with { type: 'json' }
import { fromHex, toHex } from '../crypto/index.ts'
import { decodeCanonical } from '../model/canonical.ts'
import { NOW } from '../model/test-support/fixtures.ts'
import type { PostId } from '../model/types.ts'
import { FrameDecoder } from '../sync/codec.ts'
import { verifyHoldingReport } from './holding-report.ts'
import { checkHeldAnswer, copyProof } from './liveness-proof.ts'
import { type SealedReplicaMap, verifyReplicaMap } from './replica-map.ts'
import { openReplicaMap } from './sealed-map.ts'
import { buildReplicaVectors, VECTOR_NONCE, vectorPost } from './test-support/vectors.ts'

type Vector = { name: string; op: string; hex: string; cek?: string; holders?: string[]; proof?: string }

function oneFrame(hex: string) {
  const frames = new FrameDecoder().push(fromHex(hex))
  expect(frames).toHaveLength(1)
  return frames[0]
}

async function run(v: Vector) {
  const { post, image } = await vectorPost()
  switch (v.op) {
    case 'report':
      return verifyHoldingReport(decodeCanonical(fromHex(v.hex)), NOW)
    case 'map':
      return verifyReplicaMap(decodeCanonical(fromHex(v.hex)), NOW)
    case 'sealed-map': {
      const map = await verifyReplicaMap(decodeCanonical(fromHex(v.hex)), NOW)
      return openReplicaMap(fromHex(v.cek as string), map.record as SealedReplicaMap)
    }
    case 'frame':
      return oneFrame(v.hex)
    case 'held': {
      const frame = oneFrame(v.hex)
      if (frame?.type !== 'held') throw new Error('not a held frame')
      const probe = { nonce: VECTOR_NONCE, ids: [fromHex(post.id), new Uint8Array(32).fill(0x33)] }
      const lookup = (id: PostId) => (id === post.id ? { post, blobs: [image] } : undefined)
      if (v.proof !== undefined)
        expect(toHex(copyProof(VECTOR_NONCE, { post, blobs: [image] }))).toBe(v.proof)
      return checkHeldAnswer(probe, frame, lookup)
    }
    default:
      throw new Error(`unknown op ${v.op}`)
  }
}

describe('replica vectors', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildReplicaVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid as Vector[]) {
    it(`accepts the valid vector "${v.name}"`, async () => {
      const out = await run(v)
      if (v.op === 'sealed-map') expect(out).toEqual(v.holders)
      if (v.op === 'map') expect((out as { record: { holders: string[] } }).record.holders).toEqual(v.holders)
      if (v.op === 'held') expect(out).toEqual({ held: [vectors.post_id], dropped: [] })
    })
  }

  for (const c of vectors.invalid as (Vector & { error: string })[]) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      await expect(run(c)).rejects.toMatchObject({ name: c.error })
    })
  }
})
