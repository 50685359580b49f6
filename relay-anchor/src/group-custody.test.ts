/**
 * The anchor holds its users' group logs (issue 14), played against lying peers over real libp2p
 * on 127.0.0.1: a real anchor (better-sqlite3), and bare nodes whose frames are written by hand.
 * Users check in as browsers do (the anchor pulls their profile); a forged, unauthorised, oversize
 * or not-a-user log is refused whole by its typed error and writes nothing; the held log is served
 * only to peers it names a member — nothing to outsiders, a removed member only her removal — and
 * survives a restart; caps per user and in total refuse more and never evict what is held.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../src/core/crypto/index.ts'
import {
  applyGroupRecord,
  beatsInFork,
  buildAccept,
  buildAdd,
  buildCreate,
  buildLeave,
  buildRemove,
  buildSetRole,
  FORK_LIMITS,
  type GroupRecord,
  type GroupState,
  groupRecordId,
  verifyGroupRecord,
} from '../../src/core/groups/index.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
} from '../../src/core/groups/test-support/group-fixture.ts'
import { generateIdentity, type Identity, libp2pPrivateKey, signProfile } from '../../src/core/model/index.ts'
import type { GroupId, Signed } from '../../src/core/model/types.ts'
import {
  askGroupLogs,
  type DistsocLibp2p,
  encodeFrame,
  GROUP_HOLD_PROTOCOL,
  holdGroupLogs,
} from '../../src/core/net/index.ts'
import { TestNodes, waitFor } from '../../src/core/net/test-support/nodes.ts'
import { registerSyncProtocol } from '../../src/core/sync/index.ts'
import { MemorySyncStore } from '../../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import type { GroupCustodyQuota } from './group-custody.ts'
import { MAILBOX_DB, syncMailbox } from './sync-mailbox.ts'

const nodes = new TestNodes()
const dirs: string[] = []
afterAll(async () => {
  await nodes.stopAll()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function anchorWith(groupQuota?: Partial<GroupCustodyQuota>, dataDir?: string): Promise<RunningAnchor> {
  return startAnchor({
    logLevel: 'silent',
    stun: false,
    ...(dataDir === undefined ? {} : { dataDir }),
    mailbox: syncMailbox({ minIntervalMs: 0, ...(groupQuota === undefined ? {} : { groupQuota }) }),
  })
}

/** A peer on the anchor: a user (its profile, which the anchor pulls on check-in, lists it) or not. */
interface Peer {
  identity: Identity
  node: DistsocLibp2p
}

async function peerOn(anchor: RunningAnchor, identity: Identity, user: boolean): Promise<Peer> {
  const store = new MemorySyncStore()
  store.seedProfile(
    await signProfile(identity, {
      v: 1,
      author: identity.nodeId,
      display_name: 'p',
      bio: '',
      anchors: user ? [anchor.multiaddrs[0]!] : [],
      updated_at: Date.now() - 5000,
    }),
  )
  const node = await nodes.create({ privateKey: libp2pPrivateKey(identity), listen: [] })
  await registerSyncProtocol(node, { store, verifier: modelVerifier })
  const before = anchor.metrics.counters.checkIns
  await node.dial(multiaddr(anchor.multiaddrs[0]!))
  await waitFor(() => anchor.metrics.counters.checkIns > before, 10_000)
  return { identity, node }
}

const recordsOf = (log: readonly Signed<GroupRecord>[]) => log as unknown as Record<string, unknown>[]

const hold = (p: Peer, anchor: RunningAnchor, group: GroupId, log: readonly Signed<GroupRecord>[]) =>
  holdGroupLogs(p.node, anchor.libp2p.peerId, {
    v: 1,
    probe: [],
    logs: [{ group, records: recordsOf(log) }],
  })

/** What `p` is served of `group`, naming `after` as its head (undefined: not named), folded from scratch. */
async function served(p: Peer, anchor: RunningAnchor, group: GroupId, after?: number) {
  const answer = await askGroupLogs(p.node, anchor.libp2p.peerId, {
    v: 1,
    heads: after === undefined ? [] : [[group, after]],
  })
  return answer.logs.find((l) => l.group === group)?.records ?? []
}

async function foldAll(records: readonly unknown[]): Promise<GroupState | undefined> {
  let state: GroupState | undefined
  for (const r of records) state = applyGroupRecord(state, await verifyGroupRecord(r, Date.now()))
  return state
}

function forged(signed: Signed<GroupRecord>): Signed<GroupRecord> {
  const signature = fromHex(toHex(signed.signature))
  signature[0] = (signature[0] ?? 0) ^ 1
  return { ...signed, signature }
}

describe('an anchor holding group logs against lying peers', () => {
  let anchor: RunningAnchor
  let dir: string
  const aliceId = generateIdentity()
  const bobId = generateIdentity()
  const carolId = generateIdentity()
  const eveId = generateIdentity()
  let alice: Peer
  let bob: Peer
  let carol: Peer
  let eve: Peer
  let group: FixtureGroup

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'distsoc-group-custody-'))
    dirs.push(dir)
    anchor = await anchorWith(undefined, dir)
    alice = await peerOn(anchor, aliceId, true)
    bob = await peerOn(anchor, bobId, true)
    carol = await peerOn(anchor, carolId, true)
    eve = await peerOn(anchor, eveId, true)
    group = await groupWith(aliceId, [
      [bobId, 'viewer'],
      [carolId, 'poster'],
    ])
  })
  afterAll(async () => {
    await anchor?.stop()
  })

  it("keeps a user's log and serves it to an invitee who asks later, from the create record", async () => {
    const receipt = await hold(alice, anchor, group.state.id, group.log)
    expect(receipt).toEqual({ v: 1, heads: [[group.state.id, 2]], refused: [] })
    await alice.node.stop()
    const records = await served(bob, anchor, group.state.id)
    expect(records).toHaveLength(3)
    const state = await foldAll(records)
    expect(state?.head).toBe(group.state.head)
    expect([...(state?.members.keys() ?? [])]).toContain(bobId.nodeId)
    // a member who names its head gets only what follows it: nothing
    expect(await served(bob, anchor, group.state.id, 2)).toEqual([])
  })

  it('says its head to a member who probes, and nothing of a group to a user outside it', async () => {
    const probe = { v: 1 as const, probe: [group.state.id], logs: [] }
    expect((await holdGroupLogs(bob.node, anchor.libp2p.peerId, probe)).heads).toEqual([[group.state.id, 2]])
    expect((await holdGroupLogs(eve.node, anchor.libp2p.peerId, probe)).heads).toEqual([])
    // Eve knows the group id and asks for it: nothing comes back
    expect(await served(eve, anchor, group.state.id, 0)).toEqual([])
    expect(await served(eve, anchor, group.state.id)).toEqual([])
  })

  it('refuses a log with one forged record whole (InvalidSignatureError) and writes nothing', async () => {
    const next = await applyBuilt(group, await buildSetRole(aliceId, group.state, bobId.nodeId, 'poster', 1))
    const extra = next.log.at(-1)!
    const receipt = await hold(bob, anchor, group.state.id, [forged(extra)])
    expect(receipt.refused).toEqual([[group.state.id, 'InvalidSignatureError']])
    expect(receipt.heads).toEqual([[group.state.id, 2]])
    expect(await served(bob, anchor, group.state.id, 2)).toEqual([])
    // a whole new group with its create forged: nothing of it is held
    const other = await groupWith(bobId, [[carolId, 'viewer']])
    const bad = [other.log[0]!, forged(other.log[1]!)]
    expect((await hold(bob, anchor, other.state.id, bad)).refused).toEqual([
      [other.state.id, 'InvalidSignatureError'],
    ])
    expect(await served(carol, anchor, other.state.id)).toEqual([])
  })

  it("refuses a Viewer's removal (GroupRoleError) and a non-admin's fork of the held log (GroupConflictError)", async () => {
    const byViewer = await buildRemove(bobId, group.state, carolId.nodeId, Date.now())
    expect((await hold(bob, anchor, group.state.id, [byViewer.signed])).refused).toEqual([
      [group.state.id, 'GroupRoleError'],
    ])
    // Bob, a Viewer, signs another record 2 (his leave) on top of record 1: only an Admin forks
    const atOne = await foldAll(group.log.slice(0, 2))
    const fork = await buildLeave(bobId, atOne!, Date.now())
    expect(
      (await hold(bob, anchor, group.state.id, [...group.log.slice(0, 2), fork.signed])).refused,
    ).toEqual([[group.state.id, 'GroupConflictError']])
    expect(await served(bob, anchor, group.state.id, 2)).toEqual([])
  })

  it('takes nothing from a peer that is not its user (NotAnAnchorUserError), even a valid log', async () => {
    const mallory = await peerOn(anchor, generateIdentity(), false)
    const hers = await groupWith(mallory.identity, [[bobId, 'viewer']])
    expect((await hold(mallory, anchor, hers.state.id, hers.log)).refused).toEqual([
      [hers.state.id, 'NotAnAnchorUserError'],
    ])
    expect(await served(bob, anchor, hers.state.id)).toEqual([])
  })

  it('takes no log that does not name its sender a member (NotAGroupMemberError)', async () => {
    const theirs = await groupWith(bobId, [[carolId, 'viewer']])
    expect((await hold(eve, anchor, theirs.state.id, theirs.log)).refused).toEqual([
      [theirs.state.id, 'NotAGroupMemberError'],
    ])
    expect(await served(carol, anchor, theirs.state.id)).toEqual([])
  })

  it('resets an oversize hold (over the frame cap, or over the record bound) and keeps serving', async () => {
    const rejected = anchor.metrics.rejectedTotal(GROUP_HOLD_PROTOCOL)
    const stream = await bob.node.dialProtocol(anchor.libp2p.peerId, GROUP_HOLD_PROTOCOL)
    const pad = { group: group.state.id, records: [{ pad: new Uint8Array(300 * 1024) }] }
    stream.send(encodeFrame({ v: 1, probe: [], logs: [pad] }, 1 << 22))
    const tooMany = Array.from({ length: 513 }, (_, i) => ({ i }))
    await expect(
      holdGroupLogs(bob.node, anchor.libp2p.peerId, {
        v: 1,
        probe: [],
        logs: [{ group: group.state.id, records: tooMany }],
      }),
    ).rejects.toThrow()
    await waitFor(() => anchor.metrics.rejectedTotal(GROUP_HOLD_PROTOCOL) >= rejected + 2, 5000)
    expect(await served(bob, anchor, group.state.id, 2)).toEqual([])
    expect((await served(bob, anchor, group.state.id)).length).toBe(3)
  })

  it('tells a removed member of her removal and nothing newer; the others get the new epoch', async () => {
    const removed = await applyBuilt(
      group,
      await buildRemove(aliceId, group.state, carolId.nodeId, FIXTURE_NOW),
    )
    const after = await applyBuilt(
      removed,
      await buildAdd(aliceId, removed.state, removed.secret, eveId.nodeId, 'viewer', FIXTURE_NOW),
    )
    alice = await peerOn(anchor, aliceId, true)
    expect((await hold(alice, anchor, group.state.id, after.log.slice(-2))).heads).toEqual([
      [group.state.id, 4],
    ])
    // the same reveal rule as nodes: up to the signed remove naming her, not the next epoch's add
    const toCarol = await served(carol, anchor, group.state.id, 2)
    expect(toCarol).toHaveLength(1)
    expect((await verifyGroupRecord(toCarol[0], Date.now())).record.op).toBe('remove')
    expect(await served(carol, anchor, group.state.id)).toEqual([])
    const toBob = await served(bob, anchor, group.state.id, 2)
    expect(toBob).toHaveLength(2)
    expect((await verifyGroupRecord(toBob[0], Date.now())).record.op).toBe('remove')
    group = after
  })

  it('keeps the logs in its SQLite store over a restart, with no epoch secret in the file', async () => {
    await anchor.stop()
    const files = [MAILBOX_DB, `${MAILBOX_DB}-wal`].filter((f) => existsSync(join(dir, f)))
    const hex = files.map((f) => toHex(readFileSync(join(dir, f)))).join('')
    expect(hex).toContain(toHex(group.log[0]!.signature))
    expect(hex).not.toContain(toHex(group.secret))
    anchor = await anchorWith(undefined, dir)
    bob = await peerOn(anchor, bobId, true)
    const state = await foldAll(await served(bob, anchor, group.state.id))
    expect(state?.epoch).toBe(1)
    expect([...(state?.members.keys() ?? [])].sort()).toEqual(
      [aliceId.nodeId, bobId.nodeId, eveId.nodeId].sort(),
    )
  })
})

describe('the caps on group records an anchor keeps', () => {
  it('refuses a user past its own cap, whole, and keeps serving what it holds', async () => {
    const anchor = await anchorWith({ perUserRecords: 3 })
    try {
      const a = generateIdentity()
      const b = generateIdentity()
      const alice = await peerOn(anchor, a, true)
      const bob = await peerOn(anchor, b, true)
      const small = await groupWith(a, [[b, 'viewer']])
      expect((await hold(alice, anchor, small.state.id, small.log)).refused).toEqual([])
      const big = await groupWith(a, [[b, 'viewer']])
      expect((await hold(alice, anchor, big.state.id, big.log)).refused).toEqual([
        [big.state.id, 'MailboxQuotaExceededError'],
      ])
      expect(await served(bob, anchor, big.state.id)).toEqual([])
      expect(await served(bob, anchor, small.state.id)).toHaveLength(2)
    } finally {
      await anchor.stop()
    }
  })

  it('lets no flood of sybil users push out a log it holds: when full, new logs are refused', async () => {
    const anchor = await anchorWith({ perUserRecords: 4, totalRecords: 6 })
    try {
      const a = generateIdentity()
      const b = generateIdentity()
      const alice = await peerOn(anchor, a, true)
      const bob = await peerOn(anchor, b, true)
      const honest = await groupWith(a, [[b, 'viewer']])
      expect((await hold(alice, anchor, honest.state.id, honest.log)).refused).toEqual([])
      const refusals: string[] = []
      for (let i = 0; i < 5; i++) {
        const sybil = await peerOn(anchor, generateIdentity(), true)
        const junk = await applyBuilt(undefined, await buildCreate(sybil.identity, `junk ${i}`, FIXTURE_NOW))
        refusals.push(...(await hold(sybil, anchor, junk.state.id, junk.log)).refused.map((r) => r[1]))
      }
      expect(refusals).toEqual(['MailboxQuotaExceededError'])
      const state = await foldAll(await served(bob, anchor, honest.state.id))
      expect(state?.head).toBe(honest.state.head)
    } finally {
      await anchor.stop()
    }
  })
})

describe('signed accepts through an anchor (groups.md "Accepting an invitation")', () => {
  it("carries an invitee's accept to the inviter, and refuses a non-invitee's, a forged and a replayed accept", async () => {
    const anchor = await anchorWith()
    const [aliceKey, bobKey, carolKey, malloryKey] = [0, 1, 2, 3].map(() => generateIdentity()) as [
      Identity,
      Identity,
      Identity,
      Identity,
    ]
    const [alice, bob, mallory] = [
      await peerOn(anchor, aliceKey, true),
      await peerOn(anchor, bobKey, true),
      await peerOn(anchor, malloryKey, true),
    ]
    const invited = await groupWith(aliceKey, [
      [bobKey, 'poster'],
      [carolKey, 'viewer'],
    ])
    const id = invited.state.id
    expect((await hold(alice, anchor, id, invited.log)).heads).toEqual([[id, 2]])
    const snapshot = () => JSON.stringify(anchor.mailbox.stats())
    const refusedFor = async (p: Peer, records: Signed<GroupRecord>[]) => {
      const before = snapshot()
      const receipt = await hold(p, anchor, id, records)
      expect(snapshot()).toBe(before)
      return receipt.refused
    }
    // Mallory, never invited, accepts: not an invitee; Mallory's accept in Bob's name: a forgery
    const byMallory = await buildAccept(malloryKey, invited.state, FIXTURE_NOW + 1)
    expect(await refusedFor(mallory, [byMallory.signed])).toEqual([[id, 'NotAGroupMemberError']])
    const inBobsName = { ...byMallory.signed, record: { ...byMallory.signed.record, author: bobKey.nodeId } }
    expect(await refusedFor(bob, [inBobsName])).toEqual([[id, 'InvalidSignatureError']])
    // Alice, the creator, was never invited: her accept is refused too
    const byAlice = await buildAccept(aliceKey, invited.state, FIXTURE_NOW + 1)
    expect(await refusedFor(alice, [byAlice.signed])).toEqual([[id, 'GroupConflictError']])

    const accepted = await applyBuilt(invited, await buildAccept(bobKey, invited.state, FIXTURE_NOW + 1))
    expect(accepted.state.pending.has(bobKey.nodeId)).toBe(false)
    expect((await hold(bob, anchor, id, [accepted.log.at(-1)!])).heads).toEqual([[id, 3]])
    // a replay: the same record again is held already; a second accept of the same invitation is refused
    expect((await hold(bob, anchor, id, [accepted.log.at(-1)!])).refused).toEqual([])
    const again = await buildAccept(bobKey, accepted.state, FIXTURE_NOW + 2)
    expect(await refusedFor(bob, [again.signed])).toEqual([[id, 'GroupConflictError']])

    // Alice, who holds only her own records, learns from the anchor alone that Bob joined, Carol not yet
    const learnt = await foldAll(await served(alice, anchor, id))
    expect(learnt?.seq).toBe(3)
    expect([...(learnt?.pending ?? [])]).toEqual([carolKey.nodeId])
    await anchor.stop()
  })
})

describe('the fork choice at an anchor (groups.md "Forks")', () => {
  it('keeps the winner of two crossing accepts whichever came first, and the loser signed again reaches the inviter', async () => {
    const anchor = await anchorWith()
    try {
      const [aliceKey, bobKey, carolKey] = [0, 1, 2].map(() => generateIdentity()) as [
        Identity,
        Identity,
        Identity,
      ]
      const peers = new Map<string, Peer>()
      for (const k of [aliceKey, bobKey, carolKey]) peers.set(k.nodeId, await peerOn(anchor, k, true))
      const peer = (k: Identity) => peers.get(k.nodeId)!
      for (const winnerFirst of [false, true]) {
        const invited = await groupWith(aliceKey, [
          [bobKey, 'poster'],
          [carolKey, 'viewer'],
        ])
        const id = invited.state.id
        expect((await hold(peer(aliceKey), anchor, id, invited.log)).refused).toEqual([])
        // Bob and Carol accept at the same moment: two records 3 on one parent
        const byBob = await buildAccept(bobKey, invited.state, FIXTURE_NOW + 1)
        const byCarol = await buildAccept(carolKey, invited.state, FIXTURE_NOW + 1)
        const bobWins = beatsInFork(invited.state, byBob.signed, byCarol.signed)
        const [winner, loser] = bobWins ? [byBob, byCarol] : [byCarol, byBob]
        const [winnerKey, loserKey] = bobWins ? [bobKey, carolKey] : [carolKey, bobKey]
        const first = winnerFirst ? [winnerKey, winner] : [loserKey, loser]
        const second = winnerFirst ? [loserKey, loser] : [winnerKey, winner]
        expect(
          (await hold(peer(first[0] as Identity), anchor, id, [(first[1] as typeof winner).signed])).refused,
        ).toEqual([])
        const late = await hold(peer(second[0] as Identity), anchor, id, [
          (second[1] as typeof winner).signed,
        ])
        // a branch that loses is refused by its type; one that wins displaces the held one
        expect(late.refused).toEqual(winnerFirst ? [[id, 'GroupConflictError']] : [])
        expect(late.heads).toEqual([[id, 3]])
        const toAlice = await served(peer(aliceKey), anchor, id, 2)
        expect(toAlice.map((r) => groupRecordId(r as unknown as Signed<GroupRecord>))).toEqual([
          groupRecordId(winner.signed),
        ])
        expect(anchor.mailbox.stats().groupRecords).toBe((winnerFirst ? 5 : 0) + 4)

        // the loser names its own record 3: the anchor sends where the two logs part, and it signs again on top
        const window = await askGroupLogs(peer(loserKey).node, anchor.libp2p.peerId, {
          v: 1,
          heads: [[id, 3, groupRecordId(loser.signed)]],
        })
        const onWinner = await foldAll(window.logs[0]?.records ?? [])
        expect(onWinner?.head).toBe(groupRecordId(winner.signed))
        const again = await buildAccept(loserKey, onWinner!, FIXTURE_NOW + 2)
        expect((await hold(peer(loserKey), anchor, id, [again.signed])).heads).toEqual([[id, 4]])
        // Alice, holding only her own records, gets both accepts from the anchor alone: everyone joined
        const learnt = await foldAll([...invited.log, ...(await served(peer(aliceKey), anchor, id, 2))])
        expect(learnt?.seq).toBe(4)
        expect(learnt?.pending.size).toBe(0)
        expect(learnt?.head).toBe(groupRecordId(again.signed))
      }
    } finally {
      await anchor.stop()
    }
  }, 60_000)

  it('keeps one branch against an Admin who forks 100 times, and counts each losing or too deep fork refused', async () => {
    const anchor = await anchorWith()
    try {
      // the Admin's forks come by seven members (any member relays): within each one's hold budget
      const keys = Array.from({ length: 7 }, () => generateIdentity())
      const [malloryKey, ...others] = keys as [Identity, ...Identity[]]
      const couriers: Peer[] = []
      for (const k of keys) couriers.push(await peerOn(anchor, k, true))
      const base = await groupWith(
        malloryKey,
        others.map((k) => [k, 'viewer'] as const),
      )
      const id = base.state.id
      expect((await hold(couriers[0]!, anchor, id, base.log)).refused).toEqual([])
      const heldLength = base.log.length
      const rejected = anchor.metrics.rejectedTotal(GROUP_HOLD_PROTOCOL)
      let held: Signed<GroupRecord>[] = []
      let heldGroup: FixtureGroup | undefined
      let refusals = 0
      for (let i = 0; i < 100; i++) {
        // a branch of two role changes on the held head of the common log
        const one = await applyBuilt(
          base,
          await buildSetRole(malloryKey, base.state, others[0]!.nodeId, 'poster', FIXTURE_NOW + i),
        )
        const two = await applyBuilt(
          one,
          await buildSetRole(malloryKey, one.state, others[1]!.nodeId, 'poster', FIXTURE_NOW + i),
        )
        const branch = two.log.slice(heldLength)
        const wins = held.length === 0 || beatsInFork(base.state, branch[0]!, held[0]!, branch, held)
        const receipt = await hold(couriers[i % couriers.length]!, anchor, id, branch)
        expect(receipt.refused).toEqual(wins ? [] : [[id, 'GroupConflictError']])
        if (wins) {
          held = branch
          heldGroup = two
        } else refusals++
      }
      // one branch only: the log held, its custody rows and what it serves never grow past one branch
      const log = await served(couriers[1]!, anchor, id)
      expect(log.map((r) => groupRecordId(r as unknown as Signed<GroupRecord>))).toEqual(
        [...base.log, ...held].map((r) => groupRecordId(r)),
      )
      expect(anchor.mailbox.stats().groupRecords).toBe(heldLength + 2)
      // the log grows 33 records past the fork: a fork there is final, refused even if it would win
      let grown = heldGroup!
      for (let i = 0; i < FORK_LIMITS.depth + 1; i++) {
        const role = i % 2 === 0 ? 'viewer' : 'poster'
        grown = await applyBuilt(
          grown,
          await buildSetRole(malloryKey, grown.state, others[2]!.nodeId, role, FIXTURE_NOW + i),
        )
      }
      expect((await hold(couriers[3]!, anchor, id, grown.log.slice(heldLength + 2))).refused).toEqual([])
      let late: Signed<GroupRecord> | undefined
      for (let t = 0; late === undefined; t++) {
        const r = (
          await buildSetRole(malloryKey, base.state, others[3]!.nodeId, 'poster', FIXTURE_NOW + 1000 + t)
        ).signed
        if (beatsInFork(base.state, r, held[0]!, [r], grown.log.slice(heldLength))) late = r
      }
      expect((await hold(couriers[4]!, anchor, id, [late])).refused).toEqual([[id, 'GroupConflictError']])
      refusals++
      expect((await served(couriers[1]!, anchor, id)).length).toBe(grown.log.length)
      expect(anchor.mailbox.stats().groupRecords).toBe(grown.log.length)
      await waitFor(() => anchor.metrics.rejectedTotal(GROUP_HOLD_PROTOCOL) === rejected + refusals, 5000)
      expect(refusals).toBeGreaterThan(0)
    } finally {
      await anchor.stop()
    }
  }, 120_000)
})
