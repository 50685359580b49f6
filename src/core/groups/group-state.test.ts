import { describe, expect, it } from 'vitest'
import { createPost } from '../model/index.ts'
import {
  buildAccept,
  buildAdd,
  buildCreate,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
} from './build-records.ts'
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

describe('an accept record (groups.md "Accepting an invitation")', () => {
  const viewer = cast.actors.viewer
  const accept = async (group: FixtureGroup, who = viewer, at = FIXTURE_NOW + 5) =>
    verifyGroupRecord((await buildAccept(who, group.state, at)).signed, FIXTURE_NOW + 60_000)

  it('moves its signer from invited to joined, once: a second accept is refused', async () => {
    expect(base.state.pending.has(viewer.nodeId)).toBe(true)
    expect(base.state.pending.has(cast.actors.admin.nodeId)).toBe(false)
    const joined = applyGroupRecord(base.state, await accept(base))
    expect(joined.pending.has(viewer.nodeId)).toBe(false)
    expect(joined.members.get(viewer.nodeId)).toBe('viewer')
    const after = await applyBuilt(base, await buildAccept(viewer, base.state, FIXTURE_NOW + 5))
    const again = await accept(after, viewer, FIXTURE_NOW + 6)
    expect(() => applyGroupRecord(after.state, again)).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
    // the same record replayed at its own seq is a replay
    expect(() => applyGroupRecord(after.state, after.log.at(-1) as never)).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
  })

  it('is refused once the invitation is gone (removed), and a new invitation may be accepted again', async () => {
    const removed = await applyBuilt(
      base,
      await buildRemove(cast.actors.admin, base.state, viewer.nodeId, FIXTURE_NOW),
    )
    expect(removed.state.pending.has(viewer.nodeId)).toBe(false)
    const late = await accept(removed)
    expect(() => applyGroupRecord(removed.state, late)).toThrow(
      expect.objectContaining({ name: 'NotAGroupMemberError' }),
    )
    const back = await applyBuilt(
      removed,
      await buildAdd(cast.actors.admin, removed.state, removed.secret, viewer.nodeId, 'viewer', FIXTURE_NOW),
    )
    expect(applyGroupRecord(back.state, await accept(back)).pending.has(viewer.nodeId)).toBe(false)
  })

  it('keeps a log without accepts valid: its members are only invited', async () => {
    expect([...base.state.members.keys()].filter((m) => base.state.pending.has(m)).length).toBe(
      base.state.members.size - 1,
    )
  })
})
