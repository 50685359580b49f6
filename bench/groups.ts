/**
 * Group figures (issue 14), in Node on the core functions every node runs: the per-post overhead
 * of a group of 250 (one wrap) against wrapping the CEK per recipient for 250; the time and bytes
 * of a rekey for 249 members; a post to a 1,000-subscriber audience in 4 shards, and the one-shard
 * rekey a removal costs there.
 */
import {
  applyGroupRecord,
  buildRekey,
  buildRemove,
  encryptForGroup,
  encryptForShards,
  type GroupState,
  openEpochKey,
  removeFromShardedAudience,
  shardAudience,
  shardEpoch,
  verifyGroupRecord,
} from '../src/core/groups/index.ts'
import {
  FIXTURE_NOW,
  type FixtureGroup,
  groupWith,
  personOf,
} from '../src/core/groups/test-support/group-fixture.ts'
import { createPost, encodeCanonical, encryptForRecipients, type Identity } from '../src/core/model/index.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const RUNS = 5
const TEXT = 'A post of about a hundred characters, to the group: the overhead is the header, not this text.'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await f()
  return { ms: performance.now() - started, value }
}

async function repeat<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const runs: { ms: number; value: T }[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await timed(f))
  return { ms: median(runs.map((r) => r.ms)), value: runs[0]!.value }
}

const people = (label: string, n: number): Identity[] =>
  Array.from({ length: n }, (_, i) => personOf(`${label} ${i}`))

/** Per-post overhead: a group of 250 against per-recipient wrapping for the same 250. */
async function overhead(author: Identity, group: FixtureGroup, members: Identity[]): Promise<BenchFigure[]> {
  const binding = { author: author.nodeId, created_at: FIXTURE_NOW }
  const toGroup = await repeat(() =>
    encryptForGroup({ ...binding, plaintext: TEXT, attachments: [] }, shardEpoch(group.state)),
  )
  const recipients = [author.nodeId, ...members.slice(0, 249).map((m) => m.nodeId)]
  const perRecipient = await repeat(() =>
    encryptForRecipients({ ...binding, plaintext: TEXT, attachments: [], recipients }),
  )
  const padded = await encryptForRecipients(
    { ...binding, plaintext: TEXT, attachments: [], recipients },
    { pad: true },
  )
  const groupBytes = encodeCanonical(toGroup.value.visibility).length
  const recipientBytes = encodeCanonical(perRecipient.value.visibility).length
  return [
    {
      name: 'Post to a group of 250 — visibility header bytes (one wrap)',
      value: groupBytes,
      unit: 'B',
      comparedTo: `per-recipient header for the same 250: ${recipientBytes} B (${(recipientBytes / groupBytes).toFixed(0)}×)`,
      meetsTarget: groupBytes <= 256,
      note: 'target: one wrap plus fixed fields (≤ 256 B), whatever the size',
    },
    {
      name: 'Per-recipient wrapping for 250 — visibility header bytes',
      value: recipientBytes,
      unit: 'B',
      comparedTo: `padded to its bucket of 256: ${encodeCanonical(padded.visibility).length} B`,
    },
    {
      name: 'Post to a group of 250 — encrypt time',
      value: toGroup.ms,
      unit: 'ms',
      comparedTo: `per-recipient for 250: ${perRecipient.ms.toFixed(1)} ms (median of ${RUNS})`,
    },
  ]
}

/** A rekey for 249 members: the record's bytes, the signer's time, and one member's time to take it. */
async function rekey249(admin: Identity, group: FixtureGroup, members: Identity[]): Promise<BenchFigure[]> {
  const removed = members[0]!.nodeId
  const removal = await buildRemove(admin, group.state, removed, FIXTURE_NOW + 1000)
  const after = applyGroupRecord(group.state, await verifyGroupRecord(removal.signed, FIXTURE_NOW + 60_000))
  const built = await repeat(() => buildRekey(admin, after, FIXTURE_NOW + 2000))
  const bytes = encodeCanonical(built.value.signed).length
  const reader = members[1]!
  const take = await repeat(async () => {
    const verified = await verifyGroupRecord(built.value.signed, FIXTURE_NOW + 60_000)
    const next = applyGroupRecord(after, verified)
    const r = verified.record
    if (r.op !== 'rekey') throw new Error('not a rekey')
    return openEpochKey(reader, next.id, r.epoch, r.epoch_pub, r.ephemeral_pub, r.keys)
  })
  return [
    {
      name: 'Rekey for 249 members — record bytes',
      value: bytes,
      unit: 'B',
      comparedTo: `${(bytes / 249).toFixed(0)} B per member (73 B wrap + NodeId + CBOR)`,
    },
    {
      name: 'Rekey for 249 members — build and sign (the Admin)',
      value: built.ms,
      unit: 'ms',
      comparedTo: `informational (median of ${RUNS}, Node, WebCrypto X25519)`,
    },
    {
      name: 'Rekey for 249 members — verify, fold and open one copy (a member)',
      value: take.ms,
      unit: 'ms',
      comparedTo: `informational (median of ${RUNS})`,
    },
  ]
}

/** A post to 1,000 subscribers in 4 shards, and the removal that rekeys one shard. */
async function sharded(celeb: Identity): Promise<BenchFigure[]> {
  const subscribers = people('bench subscriber', 1000)
  const byId = new Map(subscribers.map((s) => [s.nodeId, s]))
  const split = shardAudience(subscribers.map((s) => s.nodeId))
  const shards: GroupState[] = []
  for (const [i, members] of split.entries())
    shards.push(
      (
        await groupWith(
          celeb,
          members.map((m) => [byId.get(m)!, 'viewer'] as const),
          undefined,
          `shard ${i}`,
        )
      ).state,
    )
  const post = await repeat(async () => {
    const copies = await encryptForShards(
      { author: celeb.nodeId, created_at: FIXTURE_NOW, plaintext: TEXT, attachments: [] },
      shards,
    )
    const signed = await Promise.all(
      copies.map((c) =>
        createPost(
          { identity: celeb, created_at: FIXTURE_NOW, content: c.content, attachments: [] },
          c.visibility,
        ),
      ),
    )
    return signed.reduce((n, s) => n + encodeCanonical(s).length, 0)
  })
  const removal = await repeat(() =>
    removeFromShardedAudience(celeb, shards, subscribers[612]!.nodeId, FIXTURE_NOW + 1000),
  )
  const removalBytes = encodeCanonical(removal.value.built.signed).length
  return [
    {
      name: `Post to 1,000 subscribers in ${shards.length} shards of ${split.map((s) => s.length).join('/')} — time`,
      value: post.ms,
      unit: 'ms',
      comparedTo: 'per-recipient: impossible past 500 (TooManyRecipientsError)',
      note: 'encrypt and sign one copy per shard',
    },
    {
      name: 'Post to 1,000 subscribers in 4 shards — bytes of the 4 signed copies',
      value: post.value,
      unit: 'B',
      comparedTo: `${(post.value / shards.length).toFixed(0)} B per shard copy`,
    },
    {
      name: 'One subscriber removed from 1,000 — shard rekey time (one shard, 249 wraps)',
      value: removal.ms,
      unit: 'ms',
      comparedTo: `other shards untouched (shard ${removal.value.shard + 1} of ${shards.length})`,
    },
    {
      name: 'One subscriber removed from 1,000 — shard rekey bytes',
      value: removalBytes,
      unit: 'B',
      comparedTo: 'an unsharded rekey would wrap for 999 (≈ 4×), past the 256-member group cap',
    },
  ]
}

/** Runs the three group measurements. */
export async function runGroupsBench(): Promise<BenchSection> {
  const admin = personOf('bench admin')
  const members = people('bench member', 249)
  const group = await groupWith(
    admin,
    members.map((m) => [m, 'viewer'] as const),
  )
  const figures = [
    ...(await overhead(admin, group, members)),
    ...(await rekey249(admin, group, members)),
    ...(await sharded(admin)),
  ]
  return { title: 'Groups (issue 14)', figures }
}
