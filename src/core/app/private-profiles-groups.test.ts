/**
 * Private profiles per group (issue 14, seed D-4) between real node services on sql.js, synced by
 * the real sync sessions over an in-memory pipe: a group's version is sealed once for its current
 * epoch key, circles and groups share one privilege order, and a removal from the group (a new
 * epoch) re-seals without her, so she falls to her next tier or the public profile.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupId } from '../model/types.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { acceptGroupRecords } from './group-service.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { resealsSettled } from './private-profiles.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000

type Person = OfflinePerson

const person = (name: string) =>
  offlinePerson(SQL, name, { clock: { now: () => now }, bio: `${name} in public` })

/** `reader` pulls `author` from `author`'s own node; returns what the responder sent. */
async function pull(reader: Person, author: Person) {
  now += 1000
  const [a, b] = memoryPipe()
  const server = nodeSyncDeps(author.node.context)
  const client = nodeSyncDeps(reader.node.context)
  const served = runResponder(b, {
    store: server.store,
    verifier: server.verifier,
    requester: reader.id,
    now: () => now,
  })
  const result = await runRequester(a, {
    store: client.store,
    verifier: client.verifier,
    wants: [author.id],
    now: () => now,
  })
  return { result, sent: await served }
}

/** Hands `to` the records of `group` it lacks, as a group sync would (every check of a sync). */
async function syncRecords(from: Person, to: Person, group: GroupId): Promise<void> {
  const seq = to.store.getGroup(group)?.state.seq ?? -1
  const records = from.store.groupLog(group, seq)
  if (records.length > 0) await acceptGroupRecords(to.node.context, records)
}

const seen = async (reader: Person, author: Person) => {
  const view = await reader.node.handlers['profile.get']({ node_id: author.id })
  return { name: view?.display_name, private: view?.private_profile === true }
}

let alice: Person
let bob: Person
let carol: Person
let dave: Person
let eve: Person
let group: GroupId

beforeEach(async () => {
  ;[alice, bob, carol, dave, eve] = (await Promise.all(
    ['Alice', 'Bob', 'Carol', 'Dave', 'Eve'].map(person),
  )) as [Person, Person, Person, Person, Person]
  const h = alice.node.handlers
  group = (await h['groups.create']({ name: 'Climbing' })).id
  for (const p of [bob, carol, dave]) {
    now += 10
    await h['groups.invite']({ id: group, target: p.id, role: 'poster' })
  }
  for (const p of [bob, carol, dave]) {
    await syncRecords(alice, p, group)
    await p.node.handlers['groups.acceptInvite']({ id: group })
    await syncRecords(p, alice, group)
  }
  await h['circles.create']({ name: 'Close friends', members: [bob.id] })
  await h['circles.create']({ name: 'Friends', members: [carol.id] })
  await h['profile.orderTiers']({
    tiers: [{ circle: 'Close friends' }, { group }, { circle: 'Friends' }],
  })
  await h['profile.setTier']({ circle: 'Close friends', fields: { display_name: 'Ali', bio: 'home' } })
  await h['profile.setTier']({ group, fields: { display_name: 'Ali on the wall', bio: 'belays' } })
  await h['profile.setTier']({ circle: 'Friends', fields: { display_name: 'Alice B.', bio: 'friends' } })
  await resealsSettled(alice.node.context)
})

describe('private profiles per group', () => {
  it('seals one version for the group key; members see it, a higher circle wins, outsiders see public', async () => {
    for (const p of [bob, carol, dave, eve]) await pull(p, alice)
    expect(await seen(bob, alice)).toEqual({ name: 'Ali', private: true })
    expect(await seen(carol, alice)).toEqual({ name: 'Ali on the wall', private: true })
    expect(await seen(dave, alice)).toEqual({ name: 'Ali on the wall', private: true })
    expect(await seen(eve, alice)).toEqual({ name: 'Alice', private: false })
    // the group's version is one wrap for the epoch key, naming no one
    const [held] = dave.store.profileVersions(alice.id)
    expect(dave.store.profileVersions(alice.id)).toHaveLength(1)
    const v = held!.signed.record.visibility
    expect(v).toMatchObject({ type: 'group', group, epoch: 0 })
    expect(v.type === 'group' && v.wrapped.length).toBe(73)
    expect(held!.recipients).toEqual([])
    // Bob (Close friends is higher) is never sent the group's version; Eve gets no version at all
    expect(bob.store.profileVersions(alice.id).map((x) => x.signed.record.visibility.type)).toEqual([
      'encrypted',
    ])
    expect(eve.store.db.all('SELECT * FROM profile_versions')).toEqual([])
  })

  it('lists circles and groups in one order; moving the group up gives Bob its version', async () => {
    const tiers = await alice.node.handlers['profile.tiers']({})
    expect(tiers.map((t) => [t.circle, t.group ?? null, t.members, t.sees])).toEqual([
      ['Close friends', null, 1, 1],
      ['Climbing', group, 3, 2],
      ['Friends', null, 1, 0],
    ])
    await alice.node.handlers['profile.orderTiers']({
      tiers: [{ group }, { circle: 'Close friends' }, { circle: 'Friends' }],
    })
    await pull(bob, alice)
    expect((await seen(bob, alice)).name).toBe('Ali on the wall')
  })

  it('removing Carol from the group (new epoch) re-seals without her: she falls to Friends, then public', async () => {
    await pull(carol, alice)
    expect((await seen(carol, alice)).name).toBe('Ali on the wall')
    now += 1000
    await alice.node.handlers['groups.removeMember']({ id: group, member: carol.id })
    await resealsSettled(alice.node.context)
    const gen = alice.store.getProfile(alice.id)!.record.updated_at
    const groupVersion = alice.store
      .profileVersions(alice.id)
      .find((x) => x.signed.record.visibility.type === 'group')!
    expect(groupVersion.signed.record).toMatchObject({ generation: gen, visibility: { epoch: 1 } })
    expect(groupVersion.recipients).not.toContain(carol.id)
    await pull(carol, alice)
    expect(await seen(carol, alice)).toEqual({ name: 'Alice B.', private: true })
    expect(
      carol.store.profileVersions(alice.id).every((x) => x.signed.record.visibility.type === 'encrypted'),
    ).toBe(true)
    await alice.node.handlers['circles.removeMember']({ name: 'Friends', member: carol.id })
    await pull(carol, alice)
    expect(await seen(carol, alice)).toEqual({ name: 'Alice', private: false })
    // Dave, still a member, has the new epoch's version
    await syncRecords(alice, dave, group)
    await pull(dave, alice)
    expect(await seen(dave, alice)).toEqual({ name: 'Ali on the wall', private: true })
    expect(dave.store.profileVersions(alice.id)[0]!.signed.record.visibility).toMatchObject({ epoch: 1 })
  })

  it('a removal signed by another admin re-seals when its record arrives', async () => {
    now += 1000
    await alice.node.handlers['groups.setRole']({ id: group, member: bob.id, role: 'admin' })
    await syncRecords(alice, bob, group)
    now += 1000
    await bob.node.handlers['groups.removeMember']({ id: group, member: dave.id })
    await pull(dave, alice)
    expect((await seen(dave, alice)).name).toBe('Ali on the wall')
    const before = alice.store.getProfile(alice.id)!.record.updated_at
    await syncRecords(bob, alice, group)
    await resealsSettled(alice.node.context)
    expect(alice.store.getProfile(alice.id)!.record.updated_at).toBeGreaterThan(before)
    const last = await pull(dave, alice)
    expect(last.sent.sent.profiles).toBe(1)
    expect(await seen(dave, alice)).toEqual({ name: 'Alice', private: false })
  })

  it('a group change that moves no tier re-signs nothing', async () => {
    const before = alice.store.getProfile(alice.id)!.record.updated_at
    now += 1000
    await alice.node.handlers['groups.setRole']({ id: group, member: dave.id, role: 'viewer' })
    await resealsSettled(alice.node.context)
    expect(alice.store.getProfile(alice.id)!.record.updated_at).toBe(before)
  })

  it('refuses a group the user is not in, and bad orders, with typed errors, writing nothing', async () => {
    const h = alice.node.handlers
    const other = (await eve.node.handlers['groups.create']({ name: 'Eve only' })).id
    const before = JSON.stringify(alice.store.profileVersions(alice.id))
    await expect(
      h['profile.setTier']({ group: other, fields: { display_name: 'x', bio: '' } }),
    ).rejects.toMatchObject({ name: 'NotFoundError' })
    await expect(h['profile.orderTiers']({ tiers: [{ group: other }] })).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    await expect(h['profile.orderTiers']({ tiers: [{ group }, { group }] })).rejects.toMatchObject({
      name: 'ValidationError',
    })
    await expect(
      h['profile.setTier']({ group, fields: { display_name: 'x', bio: 'b'.repeat(501) } }),
    ).rejects.toMatchObject({ name: 'TooLargeError' })
    expect(JSON.stringify(alice.store.profileVersions(alice.id))).toBe(before)
  })
})
