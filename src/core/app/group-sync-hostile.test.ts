/**
 * Group sync against hostile peers over real frames (issue 14): real SQLite nodes running the group
 * unit on real libp2p (loopback WebSockets), and Mallory — a Viewer of the group, or a stranger —
 * whose `/distsoc/groups/1.0.0` answers are scripted by hand. Every forged, unauthorised, replayed,
 * oversize or unsolicited log is refused by a typed error and writes nothing; a group's records are
 * revealed only to its members. Group posts relayed by a lying peer over sync frames are refused too.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import initSqlJs from 'sql.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  buildCreate,
  buildLeave,
  buildRemove,
  buildSetRole,
  foldHeld,
  type GroupRecord,
} from '../groups/index.ts'
import type { Signed } from '../model/index.ts'
import { encodeCanonical, generateIdentity, libp2pPrivateKey } from '../model/index.ts'
import type { GroupId, NodeId, SignedPost } from '../model/types.ts'
import { askGroupLogs } from '../net/index.ts'
import { TestNodes, waitFor } from '../net/test-support/nodes.ts'
import { runRequester } from '../sync/index.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { groupAnswerFor, groupAskFor } from './group-sync.ts'
import { startGroupSync } from './network/group-sync.ts'
import { nodeSyncDeps } from './node-sync.ts'
import {
  dumpStore,
  type GroupMember,
  groupMember,
  linkGroupPeers,
  type ScriptedGroupPeer,
  scriptedGroupPeer,
} from './test-support/group-peers.ts'
import { handSealedGroupPost } from './test-support/hand-sealed-group-post.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const nodes = new TestNodes()

type Member = GroupMember
type Scripted = ScriptedGroupPeer
const member = (name: string) => groupMember(SQL, nodes, name)
const scriptedPeer = () => scriptedGroupPeer(nodes)
const link = linkGroupPeers
const dump = dumpStore

let alice: Member
let bob: Member
let carol: Member
let mallory: Scripted
let group: GroupId

beforeAll(async () => {
  alice = await member('Alice')
  bob = await member('Bob')
  carol = await member('Carol')
  mallory = await scriptedPeer()
  await link(bob, alice)
  await link(carol, alice)
  await link(bob, mallory)
  await link(carol, mallory)
  await link(mallory, alice)
})

afterAll(async () => {
  for (const m of [alice, bob, carol]) await m.sync.stop()
  await nodes.stopAll()
})

/**
 * Exchanges with `peer` until `done` holds (at most 20 tries, 500 ms apart): the answerer's per-asker
 * budget (a burst of 16, one more every 500 ms) rightly refuses part of this file's many asks.
 */
async function exchangeUntil(m: Member, peer: NodeId, done: () => boolean): Promise<void> {
  for (let i = 0; i < 20 && !done(); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 500))
    await m.sync.exchange(peer)
  }
}

const seqOf = (m: Member) => m.store.getGroup(group)?.state.seq ?? -1
const caughtUp = (m: Member, with_: Member) => () => seqOf(m) === seqOf(with_)

beforeEach(async () => {
  group = (await alice.call('groups.create', { name: 'Climbing' })).id
  await alice.call('groups.invite', { id: group, target: bob.id, role: 'poster' })
  await alice.call('groups.invite', { id: group, target: carol.id, role: 'viewer' })
  await alice.call('groups.invite', { id: group, target: mallory.id, role: 'viewer' })
  // the honest path: each invitee's exchange with Alice over the real protocol brings the log
  await exchangeUntil(bob, alice.id, caughtUp(bob, alice))
  await bob.call('groups.acceptInvite', { id: group })
  // each signed accept reaches Alice before the next invitee accepts: one log, no fork
  await exchangeUntil(alice, bob.id, caughtUp(alice, bob))
  await exchangeUntil(carol, alice.id, caughtUp(carol, alice))
  await carol.call('groups.acceptInvite', { id: group })
  await exchangeUntil(alice, carol.id, caughtUp(alice, carol))
  await exchangeUntil(bob, alice.id, caughtUp(bob, alice))
  bob.refused.length = 0
  carol.refused.length = 0
  mallory.reply = { v: 1, logs: [], more: false }
})

const aliceLog = () => alice.store.groupLog(group) as unknown as Record<string, unknown>[]
const stateOf = (m: Member) => m.store.getGroup(group)!.state

describe('what a responder reveals', () => {
  it('brings an invitation to its invitee, who named nothing', () => {
    expect(bob.store.getGroup(group)?.state.members.size).toBe(4)
    expect(carol.store.getGroup(group)?.state.seq).toBe(5)
  })

  it("names a group only to a peer its log names a member, and answers a non-member's ask with nothing", async () => {
    const stranger = generateIdentity().nodeId
    expect(groupAskFor(bob.node.context, alice.id).heads).toContainEqual([group, 5, stateOf(bob).head])
    expect(groupAskFor(bob.node.context, stranger).heads).toEqual([])
    // a stranger who learnt the id elsewhere, over the real protocol: nothing
    const outsider = await scriptedPeer()
    await link(outsider, alice)
    const answer = await askGroupLogs(outsider.libp2p, alice.libp2p.peerId, { v: 1, heads: [[group, 0]] })
    expect(answer).toEqual({ v: 1, logs: [], more: false })
    // Carol, once removed, is sent the remove naming her and nothing newer (not the next epoch's records)
    await alice.call('groups.removeMember', { id: group, member: carol.id })
    await alice.call('groups.setRole', { id: group, member: bob.id, role: 'moderator' })
    const logsFor = (who: NodeId) =>
      groupAnswerFor(alice.node.context, who, { v: 1, heads: [[group, 5]] }).logs.filter(
        (l) => l.group === group,
      )
    const told = logsFor(carol.id).map((l) => l.records.map((r) => (r.record as { op: string }).op))
    expect(told).toEqual([['remove']])
    expect(logsFor(bob.id).map((l) => l.records.length)).toEqual([2])
    // an outsider naming the group still learns nothing, removal lookups or not
    expect(logsFor(generateIdentity().nodeId)).toEqual([])
  })
})

describe('a long log', () => {
  it('comes in pages (≤ 512 records, ≤ 200 KiB), asked again while the answer says more', async () => {
    for (let i = 0; i < 520; i++)
      await alice.call('groups.setRole', {
        id: group,
        member: carol.id,
        role: i % 2 === 0 ? 'poster' : 'viewer',
      })
    const first = groupAnswerFor(alice.node.context, bob.id, { v: 1, heads: [[group, 5]] })
    const mine = first.logs.filter((l) => l.group === group)
    // bounded by records and by about 200 KiB of them, whichever binds first (here the bytes)
    const sent = mine[0]?.records.length ?? 0
    expect(sent).toBeGreaterThan(400)
    expect(sent).toBeLessThan(520)
    expect(encodeCanonical(mine[0]?.records).length).toBeLessThanOrEqual(200 * 1024)
    expect(first.more).toBe(true)
    await exchangeUntil(bob, alice.id, caughtUp(bob, alice))
    expect(stateOf(bob).seq).toBe(525)
    expect(stateOf(bob).head).toBe(stateOf(alice).head)
  }, 60_000)
})

describe('a lying answerer', () => {
  async function refusedBy(reply: unknown): Promise<{ refused: string[]; unchanged: boolean }> {
    mallory.reply = reply
    const before = dump(bob.store)
    await bob.sync.exchange(mallory.id)
    return { refused: [...bob.refused], unchanged: dump(bob.store) === before }
  }
  const logOf = (...records: unknown[]) => ({ v: 1, logs: [{ group, records }], more: false })

  it('gets a forged signature refused', async () => {
    const built = await buildSetRole(alice.identity, stateOf(alice), bob.id, 'moderator', Date.now())
    const sig = built.signed.signature.slice()
    sig[0] = (sig[0] as number) ^ 1
    const out = await refusedBy(logOf({ ...built.signed, signature: sig }))
    expect(out).toEqual({ refused: ['InvalidSignatureError'], unchanged: true })
  })

  it('gets a Poster\'s fork and a forged Admin branch at an old parent refused (groups.md "Forks")', async () => {
    // the parent of the fork: the state after Alice's add of Carol (seq 2); the held log goes on to seq 3
    const parent = foldHeld(aliceLog() as unknown as Signed<GroupRecord>[], 3)
    const posterFork = await buildLeave(bob.identity, parent, Date.now())
    expect(await refusedBy(logOf(posterFork.signed))).toEqual({
      refused: ['GroupConflictError'],
      unchanged: true,
    })
    bob.refused.length = 0
    const adminFork = await buildSetRole(alice.identity, parent, carol.id, 'poster', Date.now())
    const sig = adminFork.signed.signature.slice()
    sig[0] = (sig[0] as number) ^ 1
    expect(await refusedBy(logOf({ ...adminFork.signed, signature: sig }))).toEqual({
      refused: ['InvalidSignatureError'],
      unchanged: true,
    })
  })

  it('gets a record signed by a Viewer refused (her own promotion, a removal)', async () => {
    const promote = await buildSetRole(mallory.identity, stateOf(bob), mallory.id, 'admin', Date.now())
    expect(await refusedBy(logOf(promote.signed))).toEqual({ refused: ['GroupRoleError'], unchanged: true })
    bob.refused.length = 0
    const remove = await buildRemove(mallory.identity, stateOf(bob), carol.id, Date.now())
    expect(await refusedBy(logOf(remove.signed))).toEqual({ refused: ['GroupRoleError'], unchanged: true })
  })

  it('takes a replay of records held already as nothing new: no write, no refusal', async () => {
    const out = await refusedBy(logOf(...aliceLog().slice(1)))
    expect(out).toEqual({ refused: [], unchanged: true })
    expect(mallory.asks.at(-1)?.heads).toContainEqual([group, 5, stateOf(bob).head])
  })

  it('gets a whole log refused when one record of it is bad, and a record of another group refused', async () => {
    const good = await buildSetRole(alice.identity, stateOf(alice), bob.id, 'moderator', Date.now())
    const { signed: other } = await buildCreate(mallory.identity, 'Elsewhere', Date.now())
    expect(await refusedBy(logOf(good.signed, other))).toEqual({
      refused: ['ValidationError'],
      unchanged: true,
    })
  })

  it('gets an unsolicited group that does not make this node a member refused', async () => {
    const { signed } = await buildCreate(mallory.identity, 'Spam', Date.now())
    const out = await refusedBy({
      v: 1,
      logs: [{ group: signed.record.group, records: [signed] }],
      more: false,
    })
    expect(out).toEqual({ refused: ['NotAGroupMemberError'], unchanged: true })
    expect(bob.store.getGroup(signed.record.group)).toBeUndefined()
  })

  it('gets an oversize frame and an answer over the record bound refused before anything is read', async () => {
    mallory.reply = { v: 1, logs: [{ group, records: [{ pad: new Uint8Array(300 * 1024) }] }], more: false }
    await expect(
      askGroupLogs(bob.libp2p, peerIdFromString(mallory.id), { v: 1, heads: [] }),
    ).rejects.toMatchObject({
      name: 'FrameTooLargeError',
    })
    const many = Array.from({ length: 513 }, () => ({ record: {}, signature: new Uint8Array(64) }))
    mallory.reply = { v: 1, logs: [{ group, records: many }], more: false }
    await expect(
      askGroupLogs(bob.libp2p, peerIdFromString(mallory.id), { v: 1, heads: [] }),
    ).rejects.toMatchObject({
      name: 'TooLargeError',
    })
    const before = dump(bob.store)
    await bob.sync.exchange(mallory.id)
    expect(dump(bob.store)).toBe(before)
  })

  it('takes a genuine next record relayed by any member (records are checked, not their courier)', async () => {
    const good = await buildSetRole(alice.identity, stateOf(alice), bob.id, 'moderator', Date.now())
    const out = await refusedBy(logOf(good.signed))
    expect(out.refused).toEqual([])
    expect(stateOf(bob).members.get(bob.id)).toBe('moderator')
  })
})

describe('group posts relayed by a lying peer over sync frames', () => {
  async function relay(to: Member, post: SignedPost): Promise<Record<string, number>> {
    const [a, b] = memoryPipe()
    const peer = scripted(b)
    const deps = nodeSyncDeps(to.node.context)
    const pulling = runRequester(a, { store: deps.store, verifier: deps.verifier, wants: [to.id] })
    await peer.next()
    await peer.send({ type: 'post', post: post as never }, { type: 'over' })
    expect((await peer.turn()).at(-1)).toEqual({ type: 'done' })
    await peer.close()
    return (await pulling).skipped
  }

  it("refuses a Viewer's group post", async () => {
    const state = stateOf(carol)
    const now = Date.now()
    const post = await handSealedGroupPost(carol.identity, group, state, 'sneaky', now)
    const before = dump(bob.store)
    expect(await relay(bob, post)).toEqual({ GroupRoleError: 1 })
    expect(dump(bob.store)).toBe(before)
  })

  it('keeps a post of the epoch after her removal out of a removed member’s database', async () => {
    await alice.call('groups.removeMember', { id: group, member: carol.id })
    await exchangeUntil(bob, alice.id, caughtUp(bob, alice))
    const view = await bob.call('post.create', {
      content: 'epoch 1',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    const post = bob.store.getPost(view.id)!.signed
    expect(post.visibility).toMatchObject({ type: 'group', epoch: 1 })
    // Carol's own exchange with Alice tells her of the removal (and nothing newer); a relayed copy is refused
    await exchangeUntil(carol, alice.id, caughtUp(carol, alice))
    expect(stateOf(carol)).toMatchObject({ epoch: 1, seq: stateOf(alice).seq })
    expect(stateOf(carol).members.has(carol.id)).toBe(false)
    expect(await relay(carol, post)).toEqual({ NotAGroupMemberError: 1 })
    expect(carol.store.getPost(view.id)).toBeUndefined()
    // her app stops offering the group: no role, nothing she can do, and it says who removed her
    const seen = await carol.call('groups.get', { id: group })
    expect(seen).toMatchObject({ my_role: null, can: [], removed: { by: alice.id } })
  })

  it('a forged “you were removed” from a Viewer removes nothing', async () => {
    const remove = await buildRemove(mallory.identity, stateOf(carol), carol.id, Date.now())
    mallory.reply = { v: 1, logs: [{ group, records: [remove.signed] }], more: false }
    const before = dump(carol.store)
    await carol.sync.exchange(mallory.id)
    expect(carol.refused).toEqual(['GroupRoleError'])
    expect(dump(carol.store)).toBe(before)
    expect((await carol.call('groups.get', { id: group })).my_role).toBe('viewer')
  })
})

describe('an invitee not reached at once', () => {
  it('is tried again until their first ask arrives, then left alone', async () => {
    const p = await offlinePerson(SQL, 'Inviter')
    const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(p.node.context.identity!) })
    const reached: NodeId[] = []
    const unit = await startGroupSync(
      { ctx: p.node.context, libp2p },
      {
        notify: async () => 0,
        dialAnchors: async () => {},
        reach: async (id) => {
          reached.push(id)
        },
        inviteeRetryMs: 40,
      },
    )
    const invitee = await scriptedPeer()
    const id = (await p.call('groups.create', { name: 'Later' })).id
    await p.call('groups.invite', { id, target: invitee.id, role: 'viewer' })
    await unit.changed(id, { invitee: invitee.id, anchors: [] })
    await waitFor(() => reached.length >= 3)
    // the invitee comes online and asks: it gets the invitation and is not chased any more
    await link(invitee, { libp2p })
    const answer = await askGroupLogs(invitee.libp2p, libp2p.peerId, { v: 1, heads: [] })
    expect(answer.logs.map((l) => [l.group, l.records.length])).toEqual([[id, 2]])
    await invitee.libp2p.hangUp(libp2p.peerId)
    const after = reached.length
    await new Promise((r) => setTimeout(r, 200))
    expect(reached.length).toBe(after)
    await unit.stop()
  })
})
