import { describe, expect, it } from 'vitest'
import { createPost } from '../model/index.ts'
import { buildCreate, buildLeave, buildRekey, buildRemove, buildSetRole } from './build-records.ts'
import { encryptForGroup } from './group-envelope.ts'
import { signGroupRecord, verifyGroupRecord } from './group-records.ts'
import { applyGroupRecord, checkGroupPost, type GroupState } from './group-state.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from './test-support/group-fixture.ts'
import { ACTORS, castMembers, castWith, POST_OUTCOMES, RECORD_ROWS } from './test-support/role-cases.ts'

const cast = castWith(personOf('admin'))
const base: FixtureGroup = await groupWith(cast.actors.admin, castMembers(cast))

/** A comparable picture of a state (maps and bytes made plain). */
const snapshot = (s: GroupState) =>
  JSON.stringify({ ...s, members: [...s.members], epoch_pub: [...s.epoch_pub] })

describe('who may sign each group record (the fold every node runs)', () => {
  for (const row of RECORD_ROWS) {
    for (const actor of ACTORS) {
      const outcome = row.outcomes[actor]
      const what = outcome === 'ok' ? 'applies' : `refuses with ${outcome}, changing nothing,`
      it(`${what} a ${row.record} signed by ${actor === 'non-member' ? 'a non-member' : `the ${actor}`}`, async () => {
        const signer = cast.actors[actor]
        const built = await row.build(signer, cast, base.state, base.secret)
        const verified = await verifyGroupRecord(built.signed, FIXTURE_NOW + 60_000)
        const onto = row.record.startsWith('create') ? undefined : base.state
        const before = snapshot(base.state)
        if (outcome === 'ok') {
          const next = applyGroupRecord(onto, verified)
          expect(next.seq).toBe(onto === undefined ? 0 : base.state.seq + 1)
        } else {
          expect(() => applyGroupRecord(onto, verified)).toThrow(expect.objectContaining({ name: outcome }))
        }
        expect(snapshot(base.state)).toBe(before)
      })
    }
  }

  it('refuses a create record onto a group that exists with GroupConflictError', async () => {
    const built = await buildCreate(cast.actors.admin, 'Again', FIXTURE_NOW)
    const verified = await verifyGroupRecord(built.signed, FIXTURE_NOW + 60_000)
    expect(() => applyGroupRecord(base.state, verified)).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
  })

  it('lets the admin leave once another admin exists', async () => {
    const promote = await buildSetRole(
      cast.actors.admin,
      base.state,
      cast.actors.moderator.nodeId,
      'admin',
      FIXTURE_NOW,
    )
    const two = await applyBuilt(base, promote)
    const left = await applyBuilt(two, await buildLeave(cast.actors.admin, two.state, FIXTURE_NOW))
    expect(left.state.members.has(cast.actors.admin.nodeId)).toBe(false)
    expect(left.state.needs_rekey).toBe(true)
  })

  it('refuses a removal that does not start the next epoch with GroupConflictError', async () => {
    const applied = await applyBuilt(
      base,
      await buildRemove(cast.actors.admin, base.state, cast.otherViewer.nodeId, FIXTURE_NOW),
    )
    expect(applied.state.epoch).toBe(base.state.epoch + 1)
    const next = await buildRemove(cast.actors.admin, applied.state, cast.actors.viewer.nodeId, FIXTURE_NOW)
    const verified = await verifyGroupRecord(next.signed, FIXTURE_NOW + 60_000)
    const ahead = { ...applied.state, epoch: applied.state.epoch + 1 }
    expect(() => applyGroupRecord(ahead, verified)).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
  })

  it('refuses a rekey not wrapped for exactly the members with ValidationError', async () => {
    const rekey = await buildRekey(cast.actors.admin, base.state, FIXTURE_NOW)
    const r = rekey.signed.record
    if (r.op !== 'rekey') throw new Error('not a rekey')
    const short = await signGroupRecord(cast.actors.admin, { ...r, keys: r.keys.slice(1) })
    const verified = await verifyGroupRecord(short, FIXTURE_NOW + 60_000)
    expect(() => applyGroupRecord(base.state, verified)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })
})

describe('who may post in the group (checkGroupPost on every node)', () => {
  for (const actor of ACTORS) {
    const outcome = POST_OUTCOMES[actor]
    it(`${outcome === 'ok' ? 'takes' : `refuses with ${outcome}`} a group post by ${actor === 'non-member' ? 'a non-member' : `the ${actor}`}`, async () => {
      const author = cast.actors[actor]
      const sealed = await encryptForGroup(
        { author: author.nodeId, created_at: FIXTURE_NOW, plaintext: 'hello group', attachments: [] },
        { group: base.state.id, epoch: base.state.epoch, pub: base.state.epoch_pub },
      )
      const post = await createPost(
        { identity: author, created_at: FIXTURE_NOW, content: sealed.content, attachments: [] },
        sealed.visibility,
      )
      if (outcome === 'ok') expect(() => checkGroupPost(base.state, post)).not.toThrow()
      else expect(() => checkGroupPost(base.state, post)).toThrow(expect.objectContaining({ name: outcome }))
    })
  }
})
