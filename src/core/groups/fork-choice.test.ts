/**
 * Fork repair of a group log (issue 14): the fold over both orders. Unit cases of the total order
 * and of what is refused, and a property test — random concurrent histories from two admins (and
 * now and then a third branch by a Poster) delivered to three nodes in random order and random
 * windows, as the sync answer rule sends them — after which every node holds the same log and state.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Identity, Signed, Verified } from '../model/index.ts'
import { deterministicRandom } from '../model/test-support/fixtures.ts'
import {
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
} from './build-records.ts'
import { answerStartsAfter, beatsInFork, FORK_LIMITS, type LogMerge, mergeGroupLog } from './fork-choice.ts'
import { type GroupRecord, groupRecordId, verifyGroupRecord } from './group-records.ts'
import type { GroupState } from './group-state.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from './test-support/group-fixture.ts'

type Rec = Verified<Signed<GroupRecord>>
const alice = personOf('fork admin alice')
const bob = personOf('fork admin bob')
const poster = personOf('fork poster')
const viewer = personOf('fork viewer')
const outsiders = Array.from({ length: 6 }, (_, i) => personOf(`fork outsider ${i}`))
const random = deterministicRandom('fork choice test')

async function baseGroup(): Promise<FixtureGroup> {
  const g = await groupWith(
    alice,
    [
      [bob, 'admin'],
      [poster, 'poster'],
      [viewer, 'viewer'],
    ],
    random,
  )
  return g
}
const base = await baseGroup()

const verify = (b: BuiltRecord) => verifyGroupRecord(b.signed, FIXTURE_NOW + 60_000)

/** One random record `who` may sign on `g` (the builders' own checks decide; a refusal is skipped). */
async function randomRecord(who: Identity, g: FixtureGroup, pick: number): Promise<BuiltRecord> {
  const s = g.state
  const others = [...s.members.keys()].filter((m) => m !== who.nodeId && s.members.get(m) !== 'admin')
  const outsider = outsiders.find((o) => !s.members.has(o.nodeId))
  const t = FIXTURE_NOW + 1
  switch (pick % 4) {
    case 0:
      if (outsider !== undefined) return buildAdd(who, s, g.secret, outsider.nodeId, 'poster', t, random)
      return buildRekey(who, s, t, random)
    case 1:
      if (others[0] !== undefined) return buildRemove(who, s, others[0], t, random)
      return buildRekey(who, s, t, random)
    case 2:
      if (others[0] !== undefined)
        return buildSetRole(who, s, others[0], s.members.get(others[0]) === 'viewer' ? 'poster' : 'viewer', t)
      return buildRekey(who, s, t, random)
    default:
      return buildRekey(who, s, t, random)
  }
}

/** A branch of `n` records signed by `who` on top of `g`. */
async function branch(who: Identity, g: FixtureGroup, picks: readonly number[]): Promise<Rec[]> {
  let cur = g
  const out: Rec[] = []
  for (const p of picks) {
    const built = await randomRecord(who, cur, p)
    cur = await applyBuilt(cur, built)
    out.push(await verify(built))
  }
  return out
}

/** A simulated node: its log, merged as group-sync.ts merges a peer's answer. */
class SimNode {
  log: Rec[]
  constructor(log: readonly Rec[]) {
    this.log = [...log]
  }
  head(): { seq: number; head: string } {
    const last = this.log[this.log.length - 1] as Rec
    return { seq: last.record.seq, head: groupRecordId(last) }
  }
  /** What this node sends a peer that named `named`, by the answer rule. */
  answer(named: { seq: number; head?: string }): Rec[] {
    const at = this.log[named.seq]
    const after = answerStartsAfter(
      this.log.length - 1,
      at === undefined ? undefined : groupRecordId(at),
      named,
    )
    return this.log.slice(after + 1)
  }
  take(records: readonly Rec[]): LogMerge {
    if (records.length === 0) return { kind: 'held' }
    const merge = mergeGroupLog(this.log, records)
    if (merge.kind === 'adopt') this.log = [...this.log.slice(0, merge.from), ...merge.records]
    return merge
  }
  /** One exchange with `peer`, asking again from a deeper point while the merge says so. */
  exchange(peer: SimNode): LogMerge[] {
    const outcomes: LogMerge[] = []
    let named: { seq: number; head?: string } = this.head()
    for (let round = 0; round < 4; round++) {
      let merge: LogMerge
      try {
        merge = this.take(peer.answer(named))
      } catch (err) {
        outcomes.push({ kind: 'lost', at: -1 })
        if ((err as Error).name !== 'GroupConflictError') throw err
        return outcomes
      }
      outcomes.push(merge)
      if (merge.kind !== 'deeper') return outcomes
      named = { seq: merge.seq, head: groupRecordId(this.log[merge.seq] as Rec) }
    }
    return outcomes
  }
  state(): GroupState {
    return mergeState(this.log)
  }
}

function mergeState(log: readonly Rec[]): GroupState {
  const merge = mergeGroupLog([], log)
  if (merge.kind !== 'adopt') throw new Error('no state')
  return merge.states[merge.states.length - 1] as GroupState
}

const plain = (s: GroupState) =>
  JSON.stringify({ ...s, members: [...s.members].sort(), epoch_pub: [...s.epoch_pub] })

describe('the order of a fork (role, then record id)', () => {
  it('puts an admin before a poster, and among admins the smaller record id first', async () => {
    const a = (await branch(alice, base, [3]))[0] as Rec
    const b = (await branch(bob, base, [3]))[0] as Rec
    const leave = await verify(await buildLeave(poster, base.state, FIXTURE_NOW + 1))
    expect(beatsInFork(base.state, a, leave)).toBe(true)
    expect(beatsInFork(base.state, leave, a)).toBe(false)
    const aFirst = groupRecordId(a) < groupRecordId(b)
    expect(beatsInFork(base.state, a, b)).toBe(aFirst)
    expect(beatsInFork(base.state, b, a)).toBe(!aFirst)
  })
})

describe('merging a forked log', () => {
  it('adopts the winning branch whichever node holds which, dropping the loser whole', async () => {
    const a = await branch(alice, base, [0, 1])
    const b = await branch(bob, base, [2, 3, 0])
    const winner = beatsInFork(base.state, a[0] as Rec, b[0] as Rec) ? a : b
    const loser = winner === a ? b : a
    const onLoser = new SimNode([...(base.log as Rec[]), ...loser])
    const merge = onLoser.take([...(base.log as Rec[]).slice(-1), ...winner])
    expect(merge).toMatchObject({ kind: 'adopt', from: base.log.length, dropped: loser })
    const onWinner = new SimNode([...(base.log as Rec[]), ...winner])
    expect(onWinner.take(loser)).toEqual({ kind: 'lost', at: base.log.length })
    expect(onLoser.log.map(groupRecordId)).toEqual(onWinner.log.map(groupRecordId))
  })

  it("refuses a Poster's fork whole, and a branch whose later record does not fold", async () => {
    const a = await branch(alice, base, [3])
    const held = [...(base.log as Rec[]), ...a]
    const leave = await verify(await buildLeave(poster, base.state, FIXTURE_NOW + 1))
    expect(() => mergeGroupLog(held, [leave])).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
    const b = await branch(bob, base, [3])
    // the viewer's "promotion" on top of Bob's branch: signed, chained, but not the viewer's to sign
    const afterB = await applyBuilt(base, { signed: b[0] as Rec })
    const bad = await verify(
      await buildSetRole(viewer, afterB.state, viewer.nodeId, 'admin', FIXTURE_NOW + 2),
    )
    expect(() => mergeGroupLog(held, [b[0] as Rec, bad])).toThrow(
      expect.objectContaining({ name: 'GroupRoleError' }),
    )
  })

  it(`keeps records more than ${FORK_LIMITS.depth} deep final, and refuses a second create`, async () => {
    const long = await branch(
      alice,
      base,
      Array.from({ length: FORK_LIMITS.depth + 1 }, () => 2),
    )
    const held = [...(base.log as Rec[]), ...long]
    // Bob's branch from the same parent, ground until it would win the order
    let rival: Rec | undefined
    for (let i = 0; rival === undefined && i < 64; i++) {
      const r = await verify(await buildRekey(bob, base.state, FIXTURE_NOW + i, random))
      if (beatsInFork(base.state, r, long[0] as Rec)) rival = r
    }
    expect(() => mergeGroupLog(held, [rival as Rec])).toThrow(/deeper than 32/)
    const create = base.log[0] as Rec
    const second = { ...create, record: { ...create.record, name: 'Another' } } as Rec
    expect(() => mergeGroupLog(held, [second])).toThrow(
      expect.objectContaining({ name: 'GroupConflictError' }),
    )
  })

  it('asks deeper when a run starts past the common history, and the answer rule reaches it', async () => {
    const a = await branch(alice, base, [3, 3, 3])
    const b = await branch(bob, base, [3, 3, 3, 3])
    const nodeA = new SimNode([...(base.log as Rec[]), ...a])
    const nodeB = new SimNode([...(base.log as Rec[]), ...b])
    // B is ahead: A's answer to B's head is its own head record alone
    expect(nodeA.answer(nodeB.head()).map(groupRecordId)).toEqual([groupRecordId(a[2] as Rec)])
    const outcomes = nodeB.exchange(nodeA)
    expect(outcomes[0]).toEqual({ kind: 'deeper', seq: (a[1] as Rec).record.seq })
    nodeA.exchange(nodeB)
    expect(nodeA.log.map(groupRecordId)).toEqual(nodeB.log.map(groupRecordId))
  })
})

describe('random concurrent histories from two admins (property)', () => {
  it('end in the same log and state on every node, whatever order the branches arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: 0, maxLength: 12 }),
        fc.nat(2),
        async (picksA, picksB, withLeave, gossip, third) => {
          const branches = [await branch(alice, base, picksA), await branch(bob, base, picksB)]
          if (withLeave) branches.push([await verify(await buildLeave(poster, base.state, FIXTURE_NOW + 1))])
          // the two admins' nodes hold their own branch; a third node holds any of them
          const nodes = [0, 1, third % branches.length].map(
            (k) => new SimNode([...(base.log as Rec[]), ...(branches[k] ?? [])]),
          )
          for (const [i, j] of gossip) if (i !== j) nodes[i]?.exchange(nodes[j] as SimNode)
          // then everyone meets everyone, twice
          for (let round = 0; round < 2; round++)
            for (const x of nodes) for (const y of nodes) if (x !== y) x.exchange(y)
          const a0 = branches[0]?.[0] as Rec
          const b0 = branches[1]?.[0] as Rec
          const winner = beatsInFork(base.state, a0, b0) ? branches[0] : branches[1]
          const ids = nodes.map((n) => n.log.map(groupRecordId).join())
          expect(new Set(ids).size).toBe(1)
          expect(ids[0]).toBe([...(base.log as Rec[]), ...(winner ?? [])].map(groupRecordId).join())
          expect(new Set(nodes.map((n) => plain(n.state()))).size).toBe(1)
        },
      ),
      { numRuns: 40 },
    )
  }, 120_000)
})

describe('a fork with an accept on one side (groups.md "Accepting an invitation")', () => {
  const common = base.log as Rec[]
  const both = (held: Rec[], incoming: Rec[]) => {
    const a = new SimNode([...common, ...held])
    const b = new SimNode([...common, ...incoming])
    return { a, b, intoA: a.take(incoming), intoB: b.take(held) }
  }

  it('settles two invitees accepting at once the same way on both nodes (smaller record id)', async () => {
    const byPoster = await verify(await buildAccept(poster, base.state, FIXTURE_NOW + 1))
    const byViewer = await verify(await buildAccept(viewer, base.state, FIXTURE_NOW + 1))
    const { a, b, intoA, intoB } = both([byPoster], [byViewer])
    expect([intoA.kind, intoB.kind].sort()).toEqual(['adopt', 'lost'])
    expect(a.log.map(groupRecordId)).toEqual(b.log.map(groupRecordId))
    const first = groupRecordId(byPoster) < groupRecordId(byViewer) ? byPoster : byViewer
    expect(groupRecordId(a.log.at(-1) as Rec)).toBe(groupRecordId(first))
  })

  it("yields to any other record, even a Poster's leave, and an accept-only branch never drops others' records", async () => {
    const accept = await verify(await buildAccept(viewer, base.state, FIXTURE_NOW + 1))
    const leave = await verify(await buildLeave(poster, base.state, FIXTURE_NOW + 1))
    const out = both([accept], [leave])
    expect(out.intoA).toMatchObject({ kind: 'adopt', dropped: [accept] })
    expect(out.intoB).toEqual({ kind: 'lost', at: common.length })
    // Bob's accept-led branch holding an admin's record beats a lone accept, whatever the ids
    const byPoster = await verify(await buildAccept(poster, base.state, FIXTURE_NOW + 1))
    const afterPoster = await applyBuilt(base, { signed: byPoster })
    const setRole = await verify(
      await buildSetRole(alice, afterPoster.state, viewer.nodeId, 'poster', FIXTURE_NOW + 2),
    )
    const rich = [byPoster, setRole]
    const lone = await verify(await buildAccept(viewer, base.state, FIXTURE_NOW + 1))
    const settled = both(rich, [lone])
    expect(settled.intoA).toEqual({ kind: 'lost', at: common.length })
    expect(settled.intoB).toMatchObject({ kind: 'adopt', dropped: [lone] })
    expect(settled.a.log.map(groupRecordId)).toEqual(settled.b.log.map(groupRecordId))
  })
})
