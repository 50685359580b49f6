import { describe, expect, it } from 'vitest'
import announceVectors from '../../docs/protocol/vectors/announce.json' with { type: 'json' }
import noticeVectors from '../../docs/protocol/vectors/notice.json' with { type: 'json' }
import { fromHex, toHex } from '../../src/core/crypto/index.ts'
import { identityFromSeed } from '../../src/core/model/identity.ts'
import type { NodeId, PostId } from '../../src/core/model/types.ts'
import { FrameReader } from '../../src/core/net/frames.ts'
import { NOTICE_FRAME_BYTES, parseNoticeAck } from '../../src/core/net/notice-protocol.ts'
import {
  announceMessage,
  decodeAnnouncement,
  encodeAnnouncement,
  parseAnnouncement,
  verifyAnnouncement,
} from '../../src/core/sync/announce.ts'
import { buildAnnounceVectors, buildNoticeVectors } from './build/announce.ts'
import { verifyByNodeId } from './build/common.ts'
import { readAll } from './read-all.ts'

const record = (r: { author: string; id: string; created_at: number }) => ({
  author: r.author as NodeId,
  id: r.id as PostId,
  created_at: r.created_at,
})

describe('announcement vectors (docs/protocol/announce.md)', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildAnnounceVectors()))).toEqual(announceVectors)
  })

  for (const v of announceVectors.valid) {
    it(`accepts "${v.name}"`, async () => {
      expect(identityFromSeed(fromHex(v.author_seed)).nodeId).toBe(v.record.author)
      expect(toHex(announceMessage(record(v.record), 'topic'))).toBe(v.signed_message)
      const got = await decodeAnnouncement(fromHex(v.hex), verifyByNodeId, v.now, 'topic')
      expect(toHex(encodeAnnouncement(got))).toBe(v.hex)
    })
  }

  for (const c of announceVectors.invalid) {
    it(`rejects "${c.name}" with ${c.error}`, async () => {
      await expect(decodeAnnouncement(fromHex(c.hex), verifyByNodeId, c.now, 'topic')).rejects.toMatchObject({
        name: c.error,
      })
    })
  }
})

/** Parses one frame of the notice protocol as the side named by `op` would. */
async function parseNoticeFrame(op: string, hex: string, now: number): Promise<unknown> {
  const [frame] = await readAll(new FrameReader(readAll.once(fromHex(hex)), NOTICE_FRAME_BYTES))
  if (op === 'ack') return parseNoticeAck(frame)
  return verifyAnnouncement(parseAnnouncement(frame), verifyByNodeId, now, 'notice')
}

describe('notice vectors (docs/protocol/notice.md)', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildNoticeVectors()))).toEqual(noticeVectors)
  })

  for (const v of noticeVectors.valid) {
    it(`accepts the ${v.op} "${v.name}"`, async () => {
      if (v.record !== undefined)
        expect(toHex(announceMessage(record(v.record), 'notice'))).toBe(v.signed_message)
      await expect(parseNoticeFrame(v.op, v.hex, v.now ?? 0)).resolves.toBeDefined()
    })
  }

  for (const c of noticeVectors.invalid) {
    it(`rejects the ${c.op} "${c.name}" with ${c.error}`, async () => {
      await expect(parseNoticeFrame(c.op, c.hex, c.now ?? 0)).rejects.toMatchObject({ name: c.error })
    })
  }
})
