/**
 * Audience sharding (issue 14): a 1,000-subscriber audience in 4 shards of 250, a post replicated
 * once per shard, and one removal that rekeys exactly one shard: the removed subscriber cannot
 * read the next post, everyone else can.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { DecryptionError } from '../errors.ts'
import { decryptContent, type Identity } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { openEpochKey } from './epoch-key.ts'
import { openGroupContentKey } from './group-envelope.ts'
import { epochKeySources } from './my-epoch-keys.ts'
import { encryptForShards, removeFromShardedAudience, shardHolding } from './sharded-audience.ts'
import { SHARD_LIMITS, shardAudience, shardCount, shardForNewSubscriber } from './sharding.ts'
import {
  applyBuilt,
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from './test-support/group-fixture.ts'

describe('shardAudience', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `node-${i}` as NodeId)

  it('splits 1,000 subscribers into 4 disjoint shards of 250 covering everyone, in order', () => {
    const shards = shardAudience(ids(1000))
    expect(shards.map((s) => s.length)).toEqual([250, 250, 250, 250])
    expect(shards.flat()).toEqual(ids(1000))
  })

  it('keeps every shard within 200–250 once the audience is 800 or more, and one shard below 250', () => {
    for (const n of [800, 801, 999, 1001, 1250, 2399]) {
      const sizes = shardAudience(ids(n)).map((s) => s.length)
      expect(sizes.every((s) => s >= SHARD_LIMITS.min && s <= SHARD_LIMITS.max)).toBe(true)
      expect(sizes.reduce((a, b) => a + b)).toBe(n)
    }
    expect(shardAudience(ids(120)).map((s) => s.length)).toEqual([120])
    expect(shardAudience([...ids(3), ...ids(3)]).flat()).toEqual(ids(3))
  })

  it('counts shards and places a newcomer in the smallest shard with room', () => {
    expect([0, 1, 250, 251, 1000].map(shardCount)).toEqual([1, 1, 1, 2, 4])
    expect(() => shardCount(-1)).toThrow(expect.objectContaining({ name: 'ValidationError' }))
    expect(shardForNewSubscriber([250, 249, 240])).toBe(2)
    expect(shardForNewSubscriber([250, 250])).toBe(-1)
  })
})

describe('a sharded audience of 1,000', () => {
  const celeb = personOf('celeb')
  const subscribers: Identity[] = Array.from({ length: 1000 }, (_, i) => personOf(`subscriber ${i}`))
  const byId = new Map(subscribers.map((s) => [s.nodeId, s]))
  let shards: FixtureGroup[]

  beforeAll(async () => {
    const split = shardAudience(subscribers.map((s) => s.nodeId))
    shards = await Promise.all(
      split.map((members, i) =>
        groupWith(
          celeb,
          members.map((m) => [byId.get(m)!, 'viewer'] as const),
          undefined,
          `Audience shard ${i + 1}`,
        ),
      ),
    )
  }, 600_000)

  async function reads(
    who: Identity,
    shard: FixtureGroup,
    copy: Awaited<ReturnType<typeof encryptForShards>>[number],
  ) {
    const src = epochKeySources(shard.log, who.nodeId).get(copy.visibility.epoch)
    if (src === undefined) return false
    const secret = await openEpochKey(
      who,
      shard.state.id,
      src.epoch,
      src.epoch_pub,
      src.ephemeral_pub,
      src.keys,
    )
    const binding = { author: celeb.nodeId, created_at: FIXTURE_NOW }
    const cek = await openGroupContentKey(secret, binding, copy.visibility)
    return decryptContent(cek, copy.content, binding) === 'for subscribers'
  }

  it('holds 4 shards of 250 members besides the author', () => {
    expect(shards.map((s) => s.state.members.size)).toEqual([251, 251, 251, 251])
  })

  it('replicates a post once per shard, each copy wrapped once for its shard', async () => {
    const copies = await encryptForShards(
      { author: celeb.nodeId, created_at: FIXTURE_NOW, plaintext: 'for subscribers', attachments: [] },
      shards.map((s) => s.state),
    )
    expect(copies.map((c) => c.visibility.group)).toEqual(shards.map((s) => s.state.id))
    expect(copies.every((c) => c.visibility.wrapped.length === 73)).toBe(true)
    for (const [i, shard] of shards.entries()) {
      const member = byId.get([...shard.state.members.keys()][1]!)!
      expect(await reads(member, shard, copies[i]!)).toBe(true)
      await expect(reads(member, shards[(i + 1) % 4]!, copies[(i + 1) % 4]!)).resolves.toBe(false)
    }
  })

  it('rekeys only the removed subscriber’s shard: they cannot read the next post, everyone else can', async () => {
    const removed = subscribers[612]!
    const states = shards.map((s) => s.state)
    const { shard, built } = await removeFromShardedAudience(
      celeb,
      states,
      removed.nodeId,
      FIXTURE_NOW + 1000,
    )
    expect(shard).toBe(shardHolding(states, removed.nodeId))
    const after = [...shards]
    after[shard] = await applyBuilt(shards[shard]!, built)
    const record = built.signed.record
    expect(record.op === 'remove' && record.group).toBe(states[shard]!.id)
    expect(record.op === 'remove' && record.keys.length).toBe(250)
    for (const [i, s] of after.entries()) {
      if (i === shard) {
        expect(s.state.epoch).toBe(states[i]!.epoch + 1)
        expect(s.state.members.has(removed.nodeId)).toBe(false)
      } else {
        expect(s).toBe(shards[i])
      }
    }
    const next = await encryptForShards(
      { author: celeb.nodeId, created_at: FIXTURE_NOW, plaintext: 'for subscribers', attachments: [] },
      after.map((s) => s.state),
    )
    const oldSecret = shards[shard]!.secret
    const binding = { author: celeb.nodeId, created_at: FIXTURE_NOW }
    expect(await reads(removed, after[shard]!, next[shard]!)).toBe(false)
    await expect(openGroupContentKey(oldSecret, binding, next[shard]!.visibility)).rejects.toBeInstanceOf(
      DecryptionError,
    )
    for (const member of after[shard]!.state.members.keys())
      expect(await reads(byId.get(member) ?? celeb, after[shard]!, next[shard]!)).toBe(true)
    for (const [i, s] of after.entries()) {
      if (i === shard) continue
      const sample = [...s.state.members.keys()].slice(1, 4)
      for (const m of sample) expect(await reads(byId.get(m)!, s, next[i]!)).toBe(true)
    }
  }, 120_000)

  it('refuses to remove someone no shard holds with NotAGroupMemberError', async () => {
    await expect(
      removeFromShardedAudience(
        celeb,
        shards.map((s) => s.state),
        personOf('stranger').nodeId,
        FIXTURE_NOW,
      ),
    ).rejects.toMatchObject({ name: 'NotAGroupMemberError' })
  })
})
