import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/group-sync.json' with { type: 'json' }
import { fromHex } from '../../src/core/crypto/index.ts'
import {
  applyGroupRecord,
  GROUP_SYNC_LIMITS,
  type GroupState,
  groupRecordId,
  mergeGroupLog,
  parseGroupAnswer,
  parseGroupAsk,
  parseGroupHold,
  parseGroupHoldReceipt,
  verifyGroupRecord,
} from '../../src/core/groups/index.ts'
import { FrameReader } from '../../src/core/net/frames.ts'
import { buildGroupSyncVectors } from './build/group-sync.ts'
import { readAll } from './read-all.ts'

/** Parses one frame as the side named by `op` would; an answer's or hold's logs are verified and folded from scratch. */
async function take(op: string, hex: string): Promise<GroupState[]> {
  const [frame] = await readAll(new FrameReader(readAll.once(fromHex(hex)), GROUP_SYNC_LIMITS.answerBytes))
  if (op === 'ask') {
    parseGroupAsk(frame)
    return []
  }
  if (op === 'receipt') {
    parseGroupHoldReceipt(frame)
    return []
  }
  const answer = op === 'hold' ? parseGroupHold(frame) : parseGroupAnswer(frame)
  const states: GroupState[] = []
  for (const log of answer.logs) {
    let state: GroupState | undefined
    for (const r of log.records) state = applyGroupRecord(state, await verifyGroupRecord(r, vectors.now))
    if (state !== undefined) states.push(state)
  }
  return states
}

describe('group sync vectors (docs/protocol/groups.md "Sync")', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildGroupSyncVectors()))).toEqual(vectors)
  })

  for (const v of vectors.valid) {
    it(`accepts the ${v.op} "${v.name}"`, async () => {
      const states = await take(v.op, v.hex)
      if (v.members !== undefined) {
        expect(states.map((s) => s.id)).toEqual([v.group])
        expect([...(states[0]?.members.keys() ?? [])]).toEqual(v.members)
      }
    })
  }

  for (const c of vectors.invalid) {
    it(`rejects the ${c.op} "${c.name}" with ${c.error}`, async () => {
      await expect(take(c.op, c.hex)).rejects.toMatchObject({ name: c.error })
    })
  }
})

/** The verified records of the one log in an answer frame. */
async function logOf(hex: string) {
  const [frame] = await readAll(new FrameReader(readAll.once(fromHex(hex)), GROUP_SYNC_LIMITS.answerBytes))
  const [log] = parseGroupAnswer(frame).logs
  return Promise.all((log?.records ?? []).map((r) => verifyGroupRecord(r, vectors.now)))
}

describe('group fork vectors (docs/protocol/groups.md "Forks")', () => {
  for (const f of vectors.forks) {
    it(`${f.error === undefined ? 'settles' : `refuses with ${f.error}`} "${f.name}"`, async () => {
      const held = await logOf(f.held)
      const incoming = await logOf(f.incoming)
      if (f.error !== undefined) {
        expect(() => mergeGroupLog(held, incoming)).toThrow(expect.objectContaining({ name: f.error }))
        return
      }
      const merge = mergeGroupLog(held, incoming)
      expect(merge.kind).toBe(f.outcome)
      if (merge.kind === 'adopt') {
        expect(merge.from).toBe(f.at)
        expect(merge.records.map(groupRecordId)).toEqual([f.winner])
        expect(merge.dropped.map(groupRecordId)).toEqual(held.slice(f.at).map(groupRecordId))
      } else if (merge.kind === 'lost') {
        expect(merge.at).toBe(f.at)
        expect(groupRecordId(held[f.at ?? -1] as (typeof held)[number])).toBe(f.winner)
      } else throw new Error(`unexpected merge ${merge.kind}`)
    })
  }
})
