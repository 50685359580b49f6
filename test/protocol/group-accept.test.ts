import { describe, expect, it } from 'vitest'
import vectors from '../../docs/protocol/vectors/group-accept.json' with { type: 'json' }
import { fromHex } from '../../src/core/crypto/index.ts'
import { applyGroupRecord, type GroupState, verifyGroupRecord } from '../../src/core/groups/index.ts'
import { decodeCanonical } from '../../src/core/model/index.ts'
import { buildGroupAcceptVectors } from './build/group-accept.ts'

async function fold(records: readonly string[]): Promise<GroupState | undefined> {
  let state: GroupState | undefined
  for (const r of records)
    state = applyGroupRecord(state, await verifyGroupRecord(decodeCanonical(fromHex(r)), vectors.now))
  return state
}

describe('group accept vectors (docs/protocol/groups.md "Accepting an invitation")', () => {
  it('are reproduced exactly by the current code', async () => {
    expect(JSON.parse(JSON.stringify(await buildGroupAcceptVectors()))).toEqual(vectors)
  })

  it('fold to the expected state: Bob joined, Carol only invited; then Carol joins', async () => {
    const state = await fold(vectors.log)
    expect(state).toMatchObject({ seq: vectors.expected.seq, head: vectors.expected.head })
    expect([...(state?.members.keys() ?? [])].sort()).toEqual(vectors.expected.members)
    expect([...(state?.pending ?? [])].sort()).toEqual(vectors.expected.pending)
    const joined = await fold([...vectors.log, vectors.then_valid.record])
    expect(joined?.head).toBe(vectors.then_valid.head)
    expect([...(joined?.pending ?? [])]).toEqual(vectors.then_valid.pending)
  })

  for (const c of vectors.invalid) {
    it(`refuses "${c.name}" with ${c.error}`, async () => {
      await expect(fold([...vectors.log, c.record])).rejects.toMatchObject({ name: c.error })
    })
  }
})
