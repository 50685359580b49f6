/**
 * Group tiers' private profile versions against hostile peers over real sync frames (issue 14): a
 * lying responder's forged, wrong-group, non-member, old-epoch and oversize versions are skipped by
 * name and write nothing while the genuine one lands; a lying requester — a removed member, or a
 * member of a higher tier naming the version's id — is never sent it.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { sealGroupProfileVersion } from '../groups/index.ts'
import {
  generateIdentity,
  type Identity,
  MAX_ENVELOPE_CONTENT_CHARS,
  PROFILE_VERSION_DOMAIN,
  signRecord,
} from '../model/index.ts'
import type { GroupId, NodeId } from '../model/types.ts'
import { nodeIdToKey, recordSyncId, runRequester, runResponder } from '../sync/index.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { acceptGroupRecords } from './group-service.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { resealsSettled } from './private-profiles.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = 1_800_000_000_000

interface Person extends OfflinePerson {
  identity: Identity
}

async function person(name: string): Promise<Person> {
  const p = await offlinePerson(SQL, name, { clock: { now: () => now } })
  return { ...p, identity: p.node.context.identity! }
}

const wire = (v: unknown) => ({ type: 'profile-version' as const, version: v as Record<string, unknown> })

async function syncRecords(from: Person, to: Person, id: GroupId): Promise<void> {
  const seq = to.store.getGroup(id)?.state.seq ?? -1
  const records = from.store.groupLog(id, seq)
  if (records.length > 0) await acceptGroupRecords(to.node.context, records)
}

let alice: Person
let bob: Person
let carol: Person
let dave: Person
let group: GroupId

/** Alice's held version of `id`'s tier. */
function groupVersion(id: GroupId) {
  const held = alice.store
    .profileVersions(alice.id)
    .find((v) => v.signed.record.visibility.type === 'group' && v.signed.record.visibility.group === id)
  if (held === undefined) throw new Error('no version for that group')
  return held.signed
}

beforeEach(async () => {
  ;[alice, bob, carol, dave] = (await Promise.all(['Alice', 'Bob', 'Carol', 'Dave'].map(person))) as [
    Person,
    Person,
    Person,
    Person,
  ]
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
  await h['circles.create']({ name: 'Close friends', members: [dave.id] })
  await h['profile.setTier']({ circle: 'Close friends', fields: { display_name: 'Ali', bio: 'home' } })
  await h['profile.setTier']({ group, fields: { display_name: 'Ali on the wall', bio: 'belays' } })
  await resealsSettled(alice.node.context)
})

/** Bob's requester against a scripted responder that sends `frames` for `wants`. */
async function hostilePull(reader: Person, wants: NodeId[], frames: ReturnType<typeof wire>[]) {
  const [a, b] = memoryPipe()
  const peer = scripted(b)
  const deps = nodeSyncDeps(reader.node.context)
  const pulling = runRequester(a, {
    store: deps.store,
    verifier: deps.verifier,
    wants,
    now: () => now,
  })
  await peer.next()
  await peer.send(...frames, { type: 'over' } as never)
  expect((await peer.turn()).at(-1)).toEqual({ type: 'done' })
  await peer.close()
  return pulling
}

describe('a hostile responder', () => {
  it('gets forged, wrong-group, non-member, old-epoch and oversize versions skipped; the genuine one lands', async () => {
    const genuine = groupVersion(group)
    const forged = { ...genuine, signature: genuine.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }
    // Alice's version for a group Bob is not in
    const other = (await alice.node.handlers['groups.create']({ name: 'Work' })).id
    const otherState = alice.store.getGroup(other)!.state
    const generation = alice.store.getProfile(alice.id)!.record.updated_at
    const wrongGroup = await sealGroupProfileVersion(alice.identity, {
      fields: { display_name: 'Alice at work', bio: '' },
      target: { group: other, epoch: otherState.epoch, pub: otherState.epoch_pub },
      generation,
    })
    // Mallory, outside the group, seals with its (public) epoch key
    const mallory = generateIdentity()
    const state = alice.store.getGroup(group)!.state
    const outsider = await sealGroupProfileVersion(mallory, {
      fields: { display_name: 'Not Alice', bio: '' },
      target: { group, epoch: state.epoch, pub: state.epoch_pub },
      generation,
    })
    const oversize = await signRecord(alice.identity, PROFILE_VERSION_DOMAIN, {
      ...genuine.record,
      content: 'A'.repeat(MAX_ENVELOPE_CONTENT_CHARS + 1),
    })
    const result = await hostilePull(
      bob,
      [alice.id, mallory.nodeId],
      [
        wire(forged),
        wire(wrongGroup),
        wire(outsider),
        wire(oversize),
        wire(genuine),
        { type: 'profile', profile: alice.store.getProfile(alice.id) as never } as never,
      ],
    )
    expect(result.skipped).toEqual({
      InvalidSignatureError: 1,
      NotAGroupMemberError: 2,
      TooLargeError: 1,
    })
    expect(bob.store.profileVersions(alice.id).map((v) => v.signed.signature)).toEqual([genuine.signature])
    expect(bob.store.profileVersions(mallory.nodeId)).toEqual([])
    expect(await bob.node.handlers['profile.get']({ node_id: alice.id })).toMatchObject({
      display_name: 'Ali on the wall',
      private_profile: true,
    })
  })

  it('cannot replay a version of an old epoch after a removal, nor reach the removed member', async () => {
    const old = groupVersion(group)
    now += 1000
    await alice.node.handlers['groups.removeMember']({ id: group, member: carol.id })
    await resealsSettled(alice.node.context)
    const fresh = groupVersion(group)
    await syncRecords(alice, bob, group)
    // Bob knows epoch 1: the epoch-0 version (the one Carol can still open) is refused by name
    const replay = await hostilePull(bob, [alice.id], [wire(old)])
    expect(replay.skipped).toEqual({ GroupConflictError: 1 })
    expect(bob.store.profileVersions(alice.id)).toEqual([])
    // Carol never got the removal, so her log ends at epoch 0: the new version does not land either
    const carols = await hostilePull(carol, [alice.id], [wire(fresh)])
    expect(carols.skipped).toEqual({ GroupConflictError: 1 })
    expect(carol.store.profileVersions(alice.id)).toEqual([])
  })
})

describe('a hostile requester', () => {
  async function serve(requester: Person, id: Uint8Array) {
    const [a, b] = memoryPipe()
    const deps = nodeSyncDeps(alice.node.context)
    const serving = runResponder(b, {
      store: deps.store,
      verifier: deps.verifier,
      requester: requester.id,
      now: () => now,
    })
    const peer = scripted(a)
    await peer.send({ type: 'hello', v: 1, wants: [[nodeIdToKey(alice.id), new Uint8Array(16).fill(7)]] })
    const first = await peer.turn()
    await peer.send({ type: 'want', ids: [id] }, { type: 'over' })
    const second = await peer.turn()
    await peer.send({ type: 'done' })
    await peer.close()
    await serving
    // the visibility type of each version sent
    return [...first, ...second].flatMap((f) =>
      f.type === 'profile-version'
        ? [(f.version as { record: { visibility: { type: string } } }).record.visibility.type]
        : [],
    )
  }

  it('in a higher tier (Dave) or removed (Carol) is never sent the group version, even by its id', async () => {
    now += 1000
    await alice.node.handlers['groups.removeMember']({ id: group, member: carol.id })
    await resealsSettled(alice.node.context)
    const id = recordSyncId('profile-version', groupVersion(group))
    // asking for it by id: Dave (Close friends) and Carol get nothing; Bob (the group's tier) gets it
    expect(await serve(dave, id)).toEqual([])
    expect(await serve(carol, id)).toEqual([])
    expect(await serve(bob, id)).toEqual(['group'])
  })
})
