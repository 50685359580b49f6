import { decode } from 'cborg'
import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/sync.json' with { type: 'json' }
import { fromHex, toHex } from '../../src/core/crypto/index.ts'
import { decodeCanonical } from '../../src/core/model/canonical.ts'
import type { PostId, Signed } from '../../src/core/model/types.ts'
import { recordSyncId, visibilitySyncId } from '../../src/core/sync/author-set.ts'
import { encodeFrame, FrameDecoder } from '../../src/core/sync/codec.ts'
import { decodeRanges, encodeRanges } from '../../src/core/sync/range-wire.ts'
import { fingerprint } from '../../src/core/sync/reconcile.ts'
import { buildSyncVectors } from './build/sync.ts'

function decodeAll(bytes: Uint8Array) {
  const decoder = new FrameDecoder()
  const frames = decoder.push(bytes)
  decoder.end()
  return frames
}

describe('sync vectors (docs/protocol/sync.md)', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildSyncVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`decodes and re-encodes the ${v.type} frame "${v.name}"`, () => {
      const frames = decodeAll(fromHex(v.hex))
      expect(frames.map((f) => f.type)).toEqual([v.type])
      expect(toHex(encodeFrame(frames[0]!))).toBe(v.hex)
      const bytewise = new FrameDecoder()
      const got = [...fromHex(v.hex)].flatMap((b) => bytewise.push(Uint8Array.of(b)))
      expect(got.map((f) => f.type)).toEqual([v.type])
      const frame = frames[0]!
      if (frame.type === 'ranges' && 'lower_ts' in v) {
        const lower = { ts: v.lower_ts as number, prefix: new Uint8Array(0) }
        const [, wire] = frame.entries[0]!
        expect(encodeRanges(decodeRanges(wire, lower), lower)).toEqual(wire)
      }
    })
  }

  it('states the sync ids of records and of a changed visibility', () => {
    for (const s of vectors.sync_ids) {
      if (s.kind === 'visibility')
        expect(toHex(visibilitySyncId(s.post_id as PostId, s.visibility_updated_at!))).toBe(s.id)
      else {
        const record = decodeCanonical(fromHex(s.signed_cbor!)) as Signed<unknown>
        expect(toHex(recordSyncId(s.kind as 'profile' | 'delete', record))).toBe(s.id)
      }
    }
  })

  it('states fingerprints of id sets', () => {
    for (const f of vectors.fingerprints) {
      expect(toHex(fingerprint(f.ids.map((id) => ({ ts: 0, id: fromHex(id) }))))).toBe(f.fingerprint)
    }
  })

  for (const c of vectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, () => {
      const attempt = () =>
        c.op === 'ranges'
          ? decodeRanges(decode(fromHex(c.ranges_cbor!)), { ts: c.lower_ts!, prefix: new Uint8Array(0) })
          : decodeAll(fromHex(c.hex!))
      expect(attempt).toThrow(expect.objectContaining({ name: c.error }))
    })
  }
})
