/**
 * Connection classes and slot policy (seed "Network Terminology", "Social-distance peer topology";
 * docs/design.md §6). Pure functions: the node feeds candidates in and applies the decision.
 */
import type { Millis, NodeId } from '../model/index.ts'

/** Connection classes by lifetime. */
export type ConnectionClass = 'mesh' | 'session' | 'ephemeral'

/** Mesh slots: 10 preferred + 71 local + 20 wide = 101. */
export const MESH_SLOTS = { preferred: 10, local: 71, wide: 20 } as const
/** Total mesh slots. */
export const MESH_SLOT_TOTAL = MESH_SLOTS.preferred + MESH_SLOTS.local + MESH_SLOTS.wide

/** Social distance of a candidate, closest first (seed: preferred anchors > follows > nearby > pulled-from-us). */
export type SocialTier = 'preferred-anchor' | 'follow' | 'nearby' | 'pulled-from-us' | 'other'

const TIER_RANK: Record<SocialTier, number> = {
  'preferred-anchor': 0,
  follow: 1,
  nearby: 2,
  'pulled-from-us': 3,
  other: 4,
}

/** Lower is closer; used to order candidates for slots. */
export function socialRank(tier: SocialTier): number {
  return TIER_RANK[tier]
}

/** A peer that could hold a mesh slot. */
export interface MeshCandidate {
  id: NodeId
  tier: SocialTier
  lastSeen: Millis
  /** True if the peer reaches a part of the network our other peers do not (other anchors, far N2). */
  wide?: boolean
}

/** Which slots each candidate got. */
export interface MeshAllocation {
  preferred: NodeId[]
  local: NodeId[]
  wide: NodeId[]
  /** Candidates without a slot (to be closed or kept as session/ephemeral). */
  unslotted: NodeId[]
}

/** Options of the allocation. */
export interface AllocateOptions {
  slots?: { preferred: number; local: number; wide: number }
  /** At most this many pulled-from-us peers take mesh slots (seed: "with a count cap"); default 20. */
  pulledFromUsCap?: number
}

/** Orders by social rank, then most recently seen, then id (deterministic). */
export function compareCandidates(a: MeshCandidate, b: MeshCandidate): number {
  return (
    socialRank(a.tier) - socialRank(b.tier) ||
    b.lastSeen - a.lastSeen ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/**
 * Allocates mesh slots: preferred slots go to preferred anchors and follows (closest first); wide
 * slots to candidates flagged `wide` that are not already placed; local slots to the rest by social
 * rank, with pulled-from-us capped. Duplicated ids count once.
 */
export function allocateMeshSlots(
  candidates: readonly MeshCandidate[],
  options: AllocateOptions = {},
): MeshAllocation {
  const slots = options.slots ?? MESH_SLOTS
  const pulledCap = options.pulledFromUsCap ?? 20
  const unique = new Map<string, MeshCandidate>()
  for (const c of candidates) {
    const prev = unique.get(c.id)
    if (prev === undefined || compareCandidates(c, prev) < 0) unique.set(c.id, c)
  }
  const sorted = [...unique.values()].sort(compareCandidates)
  const placed = new Set<string>()
  const take = (pool: MeshCandidate[], n: number): NodeId[] => {
    const out: NodeId[] = []
    for (const c of pool) {
      if (out.length >= n) break
      if (placed.has(c.id)) continue
      placed.add(c.id)
      out.push(c.id)
    }
    return out
  }
  const preferred = take(
    sorted.filter((c) => c.tier === 'preferred-anchor' || c.tier === 'follow'),
    slots.preferred,
  )
  const wide = take(
    sorted.filter((c) => c.wide === true && c.tier !== 'preferred-anchor'),
    slots.wide,
  )
  let pulled = 0
  const localPool = sorted.filter((c) => {
    if (c.tier !== 'pulled-from-us' || placed.has(c.id)) return true
    pulled += 1
    return pulled <= pulledCap
  })
  const local = take(localPool, slots.local)
  const unslotted = sorted.filter((c) => !placed.has(c.id)).map((c) => c.id)
  return { preferred, local, wide, unslotted }
}

/** What is known about one live connection, to classify it. */
export interface ConnectionFacts {
  inMesh: boolean
  /** An open conversation (DM, group, awaited response) is using it. */
  activeSession: boolean
}

/** Mesh if it holds a slot, session while a conversation uses it, otherwise ephemeral (close after the request). */
export function classifyConnection(facts: ConnectionFacts): ConnectionClass {
  if (facts.inMesh) return 'mesh'
  if (facts.activeSession) return 'session'
  return 'ephemeral'
}

/**
 * Which current mesh peer a newcomer should replace, if any: the farthest (then least recently
 * seen) peer that is strictly farther than the newcomer; undefined when the newcomer should wait.
 */
export function pickEviction(current: readonly MeshCandidate[], newcomer: MeshCandidate): NodeId | undefined {
  let worst: MeshCandidate | undefined
  for (const c of current) {
    if (worst === undefined || compareCandidates(c, worst) > 0) worst = c
  }
  if (worst === undefined) return undefined
  return socialRank(worst.tier) > socialRank(newcomer.tier) ? worst.id : undefined
}
