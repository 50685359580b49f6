import { describe, expect, it } from 'vitest'
import type { NodeId, Profile, Signed, Verified } from '../model/types.ts'
import { dumpTables, makeProfile, manualClock, nodeId, openTestStore } from './test-support/fixtures.ts'

const [alice, bob, carol] = [nodeId(1), nodeId(2), nodeId(3)]

describe('profiles', () => {
  it('keeps the profile with the latest updated_at', async () => {
    const store = await openTestStore()
    expect(store.putProfile(makeProfile(alice, 200, 'New'))).toBe(true)
    const before = dumpTables(store)
    expect(store.putProfile(makeProfile(alice, 100, 'Old'))).toBe(false)
    expect(store.putProfile(makeProfile(alice, 200, 'Same time'))).toBe(false)
    expect(dumpTables(store)).toEqual(before)
    expect(store.getProfile(alice)?.record.display_name).toBe('New')
    expect(store.putProfile(makeProfile(alice, 300, 'Newer'))).toBe(true)
    expect(store.getProfile(alice)).toEqual(makeProfile(alice, 300, 'Newer'))
    store.putProfile(makeProfile(bob, 1))
    expect(store.listProfiles().map((p) => p.record.author)).toEqual([alice, bob].sort())
  })

  it('rejects a display name over the limit naming the field', async () => {
    const store = await openTestStore()
    const p = makeProfile(alice, 1, 'x'.repeat(65))
    expect(() => store.putProfile(p)).toThrow('p.record.display_name')
    const noSig = { record: makeProfile(alice, 1).record, signature: new Uint8Array(3) } as Verified<
      Signed<Profile>
    >
    expect(() => store.putProfile(noSig)).toThrow('p.signature')
    expect(store.listProfiles()).toEqual([])
  })
})

describe('follows', () => {
  it('follows once, lists with the clock time, unfollows', async () => {
    const clock = manualClock(5000)
    const store = await openTestStore(clock)
    expect(store.follow(bob)).toBe(true)
    expect(store.follow(bob)).toBe(false)
    expect(store.isFollowing(bob)).toBe(true)
    expect(store.listFollows()).toEqual([{ node_id: bob, followed_at: 5000 }])
    expect(store.unfollow(bob)).toBe(true)
    expect(store.unfollow(bob)).toBe(false)
    expect(() => store.follow('bob' as NodeId)).toThrow('id')
  })
})

describe('circles', () => {
  it('creates, renames, edits and deletes a circle', async () => {
    const store = await openTestStore()
    store.createCircle('  Family ', [bob, carol, bob])
    expect(store.circleMembers('Family')).toEqual([bob, carol].sort())
    store.renameCircle('Family', 'Kin')
    expect(store.listCircles()).toEqual([{ name: 'Kin', members: [bob, carol].sort() }])
    expect(store.addMember('Kin', alice)).toBe(true)
    expect(store.addMember('Kin', alice)).toBe(false)
    expect(store.removeMember('Kin', bob)).toBe(true)
    expect(store.circleMembers('Kin')).toEqual([alice, carol].sort())
    store.createCircle('Empty', [])
    expect(store.listCircles().map((c) => c.name)).toEqual(['Empty', 'Kin'])
    store.deleteCircle('Kin')
    expect(() => store.circleMembers('Kin')).toThrow(expect.objectContaining({ name: 'NotFoundError' }))
    expect(store.db.all('SELECT * FROM circle_members')).toEqual([])
  })

  it.each([
    ['a blank name', ' ', 'ValidationError'],
    ['a name over 64 characters', 'c'.repeat(65), 'ValidationError'],
    ['a taken name', 'Friends', 'DuplicateError'],
  ])('refuses %s and writes nothing', async (_, name, error) => {
    const store = await openTestStore()
    store.createCircle('Friends', [bob])
    const before = dumpTables(store)
    expect(() => store.createCircle(name, [carol])).toThrow(expect.objectContaining({ name: error }))
    expect(dumpTables(store)).toEqual(before)
  })

  it('refuses a bad member without creating the circle', async () => {
    const store = await openTestStore()
    expect(() => store.createCircle('X', [bob, 'nope' as NodeId])).toThrow('members[1]')
    expect(store.listCircles()).toEqual([])
  })

  it('refuses renaming onto a taken name or from a missing one', async () => {
    const store = await openTestStore()
    store.createCircle('A', [bob])
    store.createCircle('B', [carol])
    expect(() => store.renameCircle('A', 'B')).toThrow(expect.objectContaining({ name: 'DuplicateError' }))
    expect(() => store.renameCircle('Z', 'Y')).toThrow(expect.objectContaining({ name: 'NotFoundError' }))
    expect(store.circleMembers('A')).toEqual([bob])
    expect(() => store.addMember('Z', bob)).toThrow(expect.objectContaining({ name: 'NotFoundError' }))
  })
})
