/**
 * Private profiles per circle (issue 14, seed D-4) between real node services on sql.js, synced by
 * the real sync sessions over an in-memory pipe: each peer sees the version of the most privileged
 * circle they are in, the public profile otherwise, and a removal re-seals without them.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { planTiers } from './private-profiles.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000

type Person = OfflinePerson

const person = (name: string) =>
  offlinePerson(SQL, name, { clock: { now: () => now }, bio: `${name} in public` })

/** `reader` pulls `author` from `author`'s own node; returns what each side counted. */
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

const seen = async (reader: Person, author: Person) => {
  const view = await reader.node.handlers['profile.get']({ node_id: author.id })
  return { name: view?.display_name, bio: view?.bio, private: view?.private_profile === true }
}

let alice: Person
let bob: Person
let carol: Person
let dave: Person

beforeEach(async () => {
  ;[alice, bob, carol, dave] = (await Promise.all(['Alice', 'Bob', 'Carol', 'Dave'].map(person))) as [
    Person,
    Person,
    Person,
    Person,
  ]
  const h = alice.node.handlers
  await h['circles.create']({ name: 'Close friends', members: [bob.id] })
  await h['circles.create']({ name: 'Friends', members: [bob.id, dave.id] })
  await h['profile.orderTiers']({ circles: ['Close friends', 'Friends'] })
  await h['profile.setTier']({
    circle: 'Close friends',
    fields: { display_name: 'Ali', bio: 'home: 12 Elm St' },
  })
  await h['profile.setTier']({ circle: 'Friends', fields: { display_name: 'Alice B.', bio: 'friends bio' } })
})

describe('private profiles per circle', () => {
  it('shows Bob the Close friends version, Dave the Friends one, Carol the public profile', async () => {
    await pull(bob, alice)
    await pull(dave, alice)
    const carols = await pull(carol, alice)
    expect(await seen(bob, alice)).toEqual({ name: 'Ali', bio: 'home: 12 Elm St', private: true })
    expect(await seen(dave, alice)).toEqual({ name: 'Alice B.', bio: 'friends bio', private: true })
    expect(await seen(carol, alice)).toEqual({ name: 'Alice', bio: 'Alice in public', private: false })
    // Carol was sent the public profile and nothing else; she holds no version at all
    expect(carols.sent.sent.profiles).toBe(1)
    expect(carol.store.db.all('SELECT * FROM profile_versions')).toEqual([])
    // Bob holds only his own tier's version (one row), never the Friends one
    expect(bob.store.profileVersions(alice.id)).toHaveLength(1)
  })

  it('lists the tiers in privilege order with who sees each', async () => {
    const tiers = await alice.node.handlers['profile.tiers']({})
    expect(tiers.map((t) => [t.circle, t.rank, t.members, t.sees, t.fields?.display_name])).toEqual([
      ['Close friends', 0, 1, 1, 'Ali'],
      ['Friends', 1, 2, 1, 'Alice B.'],
    ])
    // the typed text is stored sealed, never in the clear
    const raw = JSON.stringify(
      alice.store.db.all("SELECT value FROM settings WHERE key = 'private_profiles'"),
    )
    expect(raw).not.toContain('Elm St')
  })

  it('reorders: with Friends first, Bob (in both) sees the Friends version', async () => {
    await alice.node.handlers['profile.orderTiers']({ circles: ['Friends', 'Close friends'] })
    await pull(bob, alice)
    expect((await seen(bob, alice)).name).toBe('Alice B.')
  })

  it('removing Bob from Close friends re-seals without him: he drops to Friends, then to public', async () => {
    await pull(bob, alice)
    expect((await seen(bob, alice)).name).toBe('Ali')
    await alice.node.handlers['circles.removeMember']({ name: 'Close friends', member: bob.id })
    await pull(bob, alice)
    expect(await seen(bob, alice)).toEqual({ name: 'Alice B.', bio: 'friends bio', private: true })
    await alice.node.handlers['circles.removeMember']({ name: 'Friends', member: bob.id })
    const last = await pull(bob, alice)
    expect(last.sent.sent.profiles).toBe(1)
    expect(await seen(bob, alice)).toEqual({ name: 'Alice', bio: 'Alice in public', private: false })
    // nothing of the new generation is sealed for him
    const gen = alice.store.getProfile(alice.id)!.record.updated_at
    for (const v of alice.store.profileVersions(alice.id)) {
      expect(v.signed.record.generation).toBe(gen)
      expect(v.recipients).not.toContain(bob.id)
    }
  })

  it('a public profile edit keeps every tier (re-sealed under the new generation)', async () => {
    now += 1000
    await alice.node.handlers['profile.update']({ display_name: 'Alice Brown', bio: 'new public' })
    await pull(bob, alice)
    await pull(carol, alice)
    expect((await seen(bob, alice)).name).toBe('Ali')
    expect((await seen(carol, alice)).name).toBe('Alice Brown')
  })

  it('refuses bad input with typed errors and writes nothing', async () => {
    const h = alice.node.handlers
    const before = JSON.stringify(alice.store.profileVersions(alice.id))
    await expect(h['profile.setTier']({ circle: 'Nope', fields: null })).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    await expect(
      h['profile.setTier']({ circle: 'Friends', fields: { display_name: '  ', bio: '' } }),
    ).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(
      h['profile.setTier']({ circle: 'Friends', fields: { display_name: 'x', bio: 'b'.repeat(501) } }),
    ).rejects.toMatchObject({ name: 'TooLargeError' })
    await expect(h['profile.orderTiers']({ circles: ['Friends', 'Friends'] })).rejects.toMatchObject({
      name: 'ValidationError',
    })
    await expect(h['profile.orderTiers']({ circles: ['Ghosts'] })).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    expect(JSON.stringify(alice.store.profileVersions(alice.id))).toBe(before)
  })

  it('renaming a circle keeps its text and place; deleting it drops its version', async () => {
    const h = alice.node.handlers
    await h['circles.rename']({ name: 'Close friends', new_name: 'Inner' })
    expect((await h['profile.tiers']({}))[0]).toMatchObject({
      circle: 'Inner',
      fields: { display_name: 'Ali' },
    })
    await h['circles.delete']({ name: 'Inner' })
    await pull(bob, alice)
    expect((await seen(bob, alice)).name).toBe('Alice B.')
  })
})

describe('planTiers', () => {
  const [a, b, c, me] = ['12D3KooWa', '12D3KooWb', '12D3KooWc', '12D3KooWme'] as [
    NodeId,
    NodeId,
    NodeId,
    NodeId,
  ]
  it('puts each member only in the first circle of the order that holds them, never the author', () => {
    const tiers = [
      { key: 'x', members: [a, b, me] },
      { key: 'y', members: [b, c] },
      { key: 'z', members: [a] },
    ]
    expect(planTiers(['y', 'x'], tiers, me)).toEqual([
      { key: 'y', recipients: [b, c] },
      { key: 'x', recipients: [a] },
      { key: 'z', recipients: [] },
    ])
  })
})
