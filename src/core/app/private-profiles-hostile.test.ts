/**
 * Private profile versions against hostile peers over real sync frames (issue 14): a lying
 * responder's forged, foreign, unasked-for, future or re-signed versions are skipped by name while
 * the genuine one arrives; a lying requester who knows a version's id still never gets it.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  generateIdentity,
  type Identity,
  PROFILE_VERSION_DOMAIN,
  sealProfileVersion,
} from '../model/index.ts'
import { signRecord } from '../model/records.ts'
import type { NodeId } from '../model/types.ts'
import { nodeIdToKey, recordSyncId, runRequester, runResponder } from '../sync/index.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const now = 1_800_000_000_000

interface Person extends OfflinePerson {
  identity: Identity
}

async function person(name: string): Promise<Person> {
  const p = await offlinePerson(SQL, name, { clock: { now: () => now } })
  return { ...p, identity: p.node.context.identity! }
}

const wire = (v: unknown) => ({ type: 'profile-version' as const, version: v as Record<string, unknown> })

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
  await h['circles.create']({ name: 'Friends', members: [dave.id] })
  await h['profile.setTier']({ circle: 'Close friends', fields: { display_name: 'Ali', bio: 'secret' } })
  await h['profile.setTier']({ circle: 'Friends', fields: { display_name: 'Alice B.', bio: 'friends' } })
})

/** Alice's held version whose recipients include `who`. */
function versionFor(who: NodeId) {
  const held = alice.store.profileVersions(alice.id).find((v) => v.recipients.includes(who))
  if (held === undefined) throw new Error('no version for that peer')
  return held.signed
}

describe('a hostile responder', () => {
  it('gets forged, foreign, unasked-for, future and re-signed versions skipped; the genuine one lands', async () => {
    const mallory = generateIdentity()
    const forBob = versionFor(bob.id)
    const forged = { ...forBob, signature: forBob.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }
    const forDave = versionFor(dave.id)
    const generation = alice.store.getProfile(alice.id)!.record.updated_at
    const unasked = await sealProfileVersion(generateIdentity(), {
      fields: { display_name: 'x', bio: '' },
      recipients: [bob.id],
      generation,
    })
    const future = await sealProfileVersion(alice.identity, {
      fields: { display_name: 'Later', bio: '' },
      recipients: [bob.id],
      generation: now + 60 * 60_000,
    })
    // Mallory signs Alice's ciphertext as her own: the envelope is bound to Alice, it does not open
    const resigned = await signRecord(mallory, PROFILE_VERSION_DOMAIN, {
      ...forBob.record,
      author: mallory.nodeId,
    })

    const [a, b] = memoryPipe()
    const peer = scripted(b)
    const reasons: string[] = []
    const deps = nodeSyncDeps(bob.node.context)
    const pulling = runRequester(a, {
      store: deps.store,
      verifier: deps.verifier,
      wants: [alice.id, mallory.nodeId],
      now: () => now,
      onReject: (r) => reasons.push(r),
    })
    await peer.next()
    const publicProfile = alice.store.getProfile(alice.id)!
    await peer.send(
      wire(forged),
      wire(forDave),
      wire(unasked),
      wire(future),
      wire(resigned),
      wire(forBob),
      { type: 'profile', profile: publicProfile as never },
      { type: 'over' },
    )
    expect((await peer.turn()).at(-1)).toEqual({ type: 'done' })
    await peer.close()
    const result = await pulling
    expect(result.skipped).toEqual({
      InvalidSignatureError: 1,
      NotARecipientError: 1,
      UnexpectedFrameError: 1,
      FutureTimestampError: 1,
      DecryptionError: 1,
    })
    expect(reasons.sort()).toEqual(Object.keys(result.skipped).sort())
    expect(bob.store.profileVersions(alice.id)).toHaveLength(1)
    expect(bob.store.profileVersions(mallory.nodeId)).toHaveLength(0)
    const view = await bob.node.handlers['profile.get']({ node_id: alice.id })
    expect(view).toMatchObject({ display_name: 'Ali', bio: 'secret', private_profile: true })
  })

  it('cannot push an older generation over a newer one', async () => {
    const old = versionFor(bob.id)
    await nodeSyncDeps(bob.node.context).store.putProfileVersion!(old as never)
    await alice.node.handlers['profile.setTier']({
      circle: 'Close friends',
      fields: { display_name: 'Ali 2', bio: '' },
    })
    const newer = versionFor(bob.id)
    const store = nodeSyncDeps(bob.node.context).store
    await store.putProfileVersion!(newer as never)
    await store.putProfileVersion!(old as never)
    const held = bob.store.profileVersions(alice.id)
    expect(held.map((v) => v.signed.record.generation)).toEqual([newer.record.generation])
  })
})

describe('a hostile requester', () => {
  it('who is in no circle gets no version even when it names the version id it learnt elsewhere', async () => {
    const id = recordSyncId('profile-version', versionFor(bob.id))
    const [a, b] = memoryPipe()
    const deps = nodeSyncDeps(alice.node.context)
    const serving = runResponder(b, {
      store: deps.store,
      verifier: deps.verifier,
      requester: carol.id,
      now: () => now,
    })
    const peer = scripted(a)
    await peer.send({ type: 'hello', v: 1, wants: [[nodeIdToKey(alice.id), new Uint8Array(16).fill(7)]] })
    const first = await peer.turn()
    await peer.send({ type: 'want', ids: [id] }, { type: 'over' })
    const second = await peer.turn()
    await peer.send({ type: 'done' })
    await peer.close()
    const sent = await serving
    const types = [...first, ...second].map((f) => f.type)
    expect(types).not.toContain('profile-version')
    expect(sent.sent.profiles).toBe(0)
  })

  it('a member asking as herself gets exactly her tier’s version', async () => {
    const [a, b] = memoryPipe()
    const server = nodeSyncDeps(alice.node.context)
    const client = nodeSyncDeps(dave.node.context)
    const serving = runResponder(b, {
      store: server.store,
      verifier: server.verifier,
      requester: dave.id,
      now: () => now,
    })
    const result = await runRequester(a, {
      store: client.store,
      verifier: client.verifier,
      wants: [alice.id],
      now: () => now,
    })
    await serving
    expect(result.received.profiles).toBe(2)
    expect(dave.store.profileVersions(alice.id).map((v) => v.signed.signature)).toEqual([
      versionFor(dave.id).signature,
    ])
  })
})
