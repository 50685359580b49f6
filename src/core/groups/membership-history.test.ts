/**
 * Property test over random membership histories (issue 14 "epoch change after removal"): from a
 * seeded PRNG, 200 histories of at most 30 operations (add / remove / leave / set-role / rekey,
 * signed by a random member or now and then a non-member) are folded as every node folds them.
 * After every epoch change, each current member opens the new epoch's key from the log and reads a
 * post of it; everyone removed (or gone and rekeyed past) finds no copy of it and cannot open the
 * post with any epoch secret they ever held. A refused operation is typed and changes nothing.
 */
import { describe, expect, it } from 'vitest'
import { DecryptionError } from '../errors.ts'
import type { Identity } from '../model/index.ts'
import { decryptContent } from '../model/index.ts'
import { deterministicRandom } from '../model/test-support/fixtures.ts'
import type { NodeId } from '../model/types.ts'
import {
  type BuiltRecord,
  buildAdd,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
} from './build-records.ts'
import { openEpochKey } from './epoch-key.ts'
import { encryptForGroup, openGroupContentKey } from './group-envelope.ts'
import { epochKeySources } from './my-epoch-keys.ts'
import { GROUP_ROLES } from './roles.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from './test-support/group-fixture.ts'

const HISTORIES = Number(process.env.GROUP_HISTORIES ?? 200)
const MAX_OPS = 30
const POOL: Identity[] = Array.from({ length: 8 }, (_, i) => personOf(`history member ${i}`))
const byId = new Map(POOL.map((p) => [p.nodeId, p]))
const REFUSALS = [
  'GroupRoleError',
  'NotAGroupMemberError',
  'GroupConflictError',
  'ValidationError',
  'TooLargeError',
]

/** mulberry32: a small seeded PRNG for the history's choices (not for keys). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Op = 'add' | 'remove' | 'leave' | 'set-role' | 'rekey'
const OPS: Op[] = ['add', 'remove', 'leave', 'set-role', 'rekey']

/** One history: the group, and every epoch secret each person has ever been able to open. */
class History {
  group!: FixtureGroup
  readonly held = new Map<NodeId, Map<number, Uint8Array>>()
  /** People out of the group, with the epoch that was current when they went. */
  readonly gone = new Map<NodeId, number>()
  readonly seed: number
  readonly next: () => number
  readonly pick: <T>(list: readonly T[]) => T

  constructor(seed: number) {
    const next = prng(seed)
    this.seed = seed
    this.next = next
    this.pick = (list) => list[Math.floor(next() * list.length)]!
  }

  members(): NodeId[] {
    return [...this.group.state.members.keys()]
  }

  /** Opens, from the log as the member's own node would, the epoch secrets `who` has a copy of. */
  async learn(who: NodeId): Promise<void> {
    const mine = this.held.get(who) ?? new Map<number, Uint8Array>()
    this.held.set(who, mine)
    for (const [epoch, src] of epochKeySources(this.group.log, who)) {
      if (mine.has(epoch)) continue
      mine.set(
        epoch,
        await openEpochKey(
          byId.get(who)!,
          this.group.state.id,
          epoch,
          src.epoch_pub,
          src.ephemeral_pub,
          src.keys,
        ),
      )
    }
  }

  build(op: Op, signer: Identity): Promise<BuiltRecord> {
    const s = this.group.state
    const at = FIXTURE_NOW + 1000
    const others = this.members().filter((m) => m !== signer.nodeId)
    const outside = POOL.filter((p) => !s.members.has(p.nodeId))
    switch (op) {
      case 'add': {
        const target = outside.length > 0 ? this.pick(outside) : signer
        return buildAdd(signer, s, this.group.secret, target.nodeId, this.pick(GROUP_ROLES), at)
      }
      case 'remove':
        return buildRemove(signer, s, others.length > 0 ? this.pick(others) : signer.nodeId, at)
      case 'leave':
        return buildLeave(signer, s, at)
      case 'set-role':
        return buildSetRole(signer, s, this.pick(this.members()), this.pick(GROUP_ROLES), at)
      case 'rekey':
        return buildRekey(signer, s, at)
    }
  }

  /** Every current member reads a post of the current epoch; nobody out of the group since an older epoch does. */
  async checkCurrentEpoch(): Promise<void> {
    const s = this.group.state
    const binding = { author: this.members()[0]!, created_at: FIXTURE_NOW + 2000 }
    const text = `post of epoch ${s.epoch} (seed ${this.seed})`
    const post = await encryptForGroup(
      { ...binding, plaintext: text, attachments: [] },
      {
        group: s.id,
        epoch: s.epoch,
        pub: s.epoch_pub,
      },
    )
    for (const m of this.members()) {
      await this.learn(m)
      const secret = this.held.get(m)!.get(s.epoch)
      expect(secret, `seed ${this.seed}: member has the current epoch ${s.epoch}`).toBeDefined()
      const cek = await openGroupContentKey(secret!, binding, post.visibility)
      expect(decryptContent(cek, post.content, binding)).toBe(text)
    }
    for (const [who, wentAt] of this.gone) {
      if (wentAt >= s.epoch) continue
      expect(
        epochKeySources(this.group.log, who).has(s.epoch),
        `seed ${this.seed}: no copy for the removed`,
      ).toBe(false)
      for (const secret of this.held.get(who)?.values() ?? []) {
        await expect(openGroupContentKey(secret, binding, post.visibility)).rejects.toBeInstanceOf(
          DecryptionError,
        )
      }
    }
  }
}

async function runHistory(seed: number): Promise<{ applied: number; refused: number; removals: number }> {
  const h = new History(seed)
  const admin = POOL[0]!
  h.group = await groupWith(admin, [[POOL[1]!, h.pick(GROUP_ROLES)]], deterministicRandom(`history ${seed}`))
  await h.learn(admin.nodeId)
  await h.learn(POOL[1]!.nodeId)
  const counts = { applied: 0, refused: 0, removals: 0 }
  const ops = 1 + Math.floor(h.next() * MAX_OPS)
  for (let i = 0; i < ops && h.group.state.members.size > 0; i++) {
    const op = h.pick(OPS)
    const nonMembers = POOL.filter((p) => !h.group.state.members.has(p.nodeId))
    const signer =
      h.next() < 0.1 && nonMembers.length > 0 ? h.pick(nonMembers) : byId.get(h.pick(h.members()))!
    const before = h.group
    const epochBefore = before.state.epoch
    const membersBefore = new Set(h.members())
    let next: FixtureGroup
    try {
      next = await applyBuilt(before, await h.build(op, signer))
    } catch (err) {
      expect(REFUSALS, `seed ${seed}: ${op} refused with ${(err as Error).name}`).toContain(
        (err as Error).name,
      )
      expect(h.group).toBe(before)
      counts.refused++
      continue
    }
    counts.applied++
    h.group = next
    for (const m of membersBefore) if (!next.state.members.has(m)) h.gone.set(m, epochBefore)
    for (const m of h.members()) {
      h.gone.delete(m)
      await h.learn(m)
    }
    if (op === 'remove') counts.removals++
    if (next.state.epoch !== epochBefore) await h.checkCurrentEpoch()
  }
  if (h.group.state.members.size > 0) await h.checkCurrentEpoch()
  return counts
}

describe('random membership histories', () => {
  it(`keep every newer epoch from the removed and open it for every member (${HISTORIES} seeded histories of ≤ ${MAX_OPS} ops)`, async () => {
    const total = { applied: 0, refused: 0, removals: 0 }
    for (let seed = 1; seed <= HISTORIES; seed++) {
      const c = await runHistory(seed)
      total.applied += c.applied
      total.refused += c.refused
      total.removals += c.removals
    }
    // The histories exercise the rule: many removals applied, and refusals typed.
    expect(total.removals).toBeGreaterThan(HISTORIES / 2)
    expect(total.refused).toBeGreaterThan(0)
  }, 600_000)
})
