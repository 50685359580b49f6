/**
 * Audience sharding (issue 14, the seed's "paid celeb access" case): an audience past one group is
 * split into groups of at most 250 (200–250 once it is 800 or more); a post is replicated once per
 * shard, and removing a subscriber rekeys only their shard.
 */
import { ValidationError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'

/** Shard sizes: a shard is one group, so never more than its member cap. */
export const SHARD_LIMITS = { min: 200, max: 250 } as const

/** How many shards `subscribers` need: ⌈n / 250⌉ (at least one). */
export function shardCount(subscribers: number): number {
  if (!Number.isSafeInteger(subscribers) || subscribers < 0)
    throw new ValidationError('subscribers must be a count')
  return Math.max(1, Math.ceil(subscribers / SHARD_LIMITS.max))
}

/** Splits distinct `subscribers` into balanced shards of ≤ 250, in order (1,000 → 4 × 250). */
export function shardAudience(subscribers: readonly NodeId[]): NodeId[][] {
  const unique = [...new Set(subscribers)]
  const k = shardCount(unique.length)
  const shards: NodeId[][] = []
  let start = 0
  for (let i = 0; i < k; i++) {
    const size = Math.floor(unique.length / k) + (i < unique.length % k ? 1 : 0)
    shards.push(unique.slice(start, start + size))
    start += size
  }
  return shards
}

/** The shard a new subscriber joins: the smallest with room, or −1 when every shard is full (start a new one). */
export function shardForNewSubscriber(shardSizes: readonly number[]): number {
  let best = -1
  for (const [i, size] of shardSizes.entries()) {
    if (size < SHARD_LIMITS.max && (best === -1 || size < shardSizes[best]!)) best = i
  }
  return best
}
