/**
 * A sharded audience (issue 14, the seed's "paid celeb access" case): one author's audience held as
 * several groups of ≤ 250 (sharding.ts), each with its own epoch key. A post is replicated once per
 * shard (each copy its own CEK, wrapped once for that shard's epoch), and removing a subscriber
 * rekeys only the shard that holds them: a `remove` record of that one group, wrapped for its
 * N−1 remaining members, while every other shard keeps its epoch.
 */
import { type RandomSource, randomBytes } from '../crypto/index.ts'
import { NotAGroupMemberError } from '../errors.ts'
import type { Identity, Millis, NodeId } from '../model/index.ts'
import { type BuiltRecord, buildRemove } from './build-records.ts'
import { encryptForGroup, type GroupEpoch, type GroupVisibility } from './group-envelope.ts'
import type { GroupState } from './group-state.ts'

/** The index of the shard whose group has `subscriber` as a member, or −1. */
export function shardHolding(shards: readonly GroupState[], subscriber: NodeId): number {
  return shards.findIndex((s) => s.members.has(subscriber))
}

/** The epoch a post to `shard` is wrapped for: its current epoch key. */
export function shardEpoch(shard: GroupState): GroupEpoch {
  return { group: shard.id, epoch: shard.epoch, pub: shard.epoch_pub }
}

/** One shard's copy of a post. */
export interface ShardCopy {
  shard: number
  content: string
  attachments: Uint8Array[]
  visibility: GroupVisibility
  cek: Uint8Array
}

/**
 * Encrypts a post once per shard, for each shard's current epoch. Errors: as encryptForGroup
 * (TooLargeError, ValidationError, LowOrderKeyError).
 */
export async function encryptForShards(
  input: { plaintext: string; attachments: Uint8Array[]; author: NodeId; created_at: Millis },
  shards: readonly GroupState[],
  random: RandomSource = randomBytes,
): Promise<ShardCopy[]> {
  const copies: ShardCopy[] = []
  for (const [shard, state] of shards.entries())
    copies.push({ shard, ...(await encryptForGroup(input, shardEpoch(state), random)) })
  return copies
}

/**
 * The removal of `subscriber` from the one shard that holds them: that shard's next epoch, wrapped
 * for its remaining members only. Errors: NotAGroupMemberError (no shard holds them), and what
 * buildRemove throws.
 */
export async function removeFromShardedAudience(
  identity: Identity,
  shards: readonly GroupState[],
  subscriber: NodeId,
  now: Millis,
  random: RandomSource = randomBytes,
): Promise<{ shard: number; built: BuiltRecord }> {
  const shard = shardHolding(shards, subscriber)
  if (shard === -1) throw new NotAGroupMemberError('no shard of the audience holds this subscriber')
  return { shard, built: await buildRemove(identity, shards[shard]!, subscriber, now, random) }
}
