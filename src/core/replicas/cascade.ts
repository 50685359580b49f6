/**
 * The restoration cascade (issue 15, seed D-2) for a post whose live holders fell below the target:
 *   1. `keyholder` — a peer that can read the post and follows its author (works for private content);
 *   2. `follower`  — any follower of the author (public posts only: ciphertext goes to no one else's circle);
 *   3. `spare-quota` — a random known peer that has spare quota and accepts (`HostingPeers`);
 *   4. otherwise the post keeps reduced redundancy and the user is told (`status: 'low'`), never blocked.
 * Each tier is tried in order until the target is met; a peer that refuses or fails is skipped and
 * the next one asked, at most `maxOffers` asks per run.
 */
import { errorName } from '../errors.ts'
import type { NodeId, PostId } from '../model/index.ts'
import type { HostingAnswer, HostingOffer, HostingPeers } from './hosting-offer.ts'
import { REPLICA_DEFAULTS } from './limits.ts'

/** A tier of the cascade. */
export type CascadeTier = 'keyholder' | 'follower' | 'spare-quota'

/** What the cascade needs to know of the post it restores. */
export interface RestorationSubject {
  id: PostId
  author: NodeId
  encrypted: boolean
  /** Bytes of the signed post plus its blobs. */
  bytes: number
}

/** The network as the cascade sees it (the node implements it; a simulation can too). */
export interface CascadeNetwork {
  /** Peers that can read `post` and follow its author (recipients of an encrypted post; followers of a public one). */
  keyholders(post: RestorationSubject): readonly NodeId[]
  /** Followers of `author`. */
  followers(author: NodeId): readonly NodeId[]
  /** Peers that may host for us, and whether one accepts (`core/hosting`). */
  hosting: HostingPeers
  /** Pushes the post and its blobs to `peer`; its answer (a follower may refuse too). */
  push(peer: NodeId, post: RestorationSubject): Promise<HostingAnswer>
}

/** One ask of the cascade. */
export interface CascadeAttempt {
  peer: NodeId
  tier: CascadeTier
  /** 'placed', or the refusal's error name (`UnreachableError` for a failure without one). */
  outcome: string
}

/** What a run did. */
export interface RestorationResult {
  post: PostId
  placed: { peer: NodeId; tier: CascadeTier }[]
  attempts: CascadeAttempt[]
  /** Live holders after the run. */
  live: number
  /** `low`: the target could not be met; the UI says so (a quiet badge), nothing is blocked. */
  status: 'ok' | 'low'
}

/** Options of a run. */
export interface CascadeOptions {
  target?: number
  maxOffers?: number
  /** Uniform [0, 1) for shuffling spare-quota candidates (default Math.random). */
  random?: () => number
  /** Peers not to ask (e.g. known to be offline now). */
  exclude?: ReadonlySet<NodeId>
}

/** Fisher–Yates with an injected source, so a simulation is reproducible. */
function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Candidates per tier, in cascade order; each peer appears once, at its first tier. */
export function cascadeCandidates(
  post: RestorationSubject,
  net: CascadeNetwork,
  random: () => number,
): { peer: NodeId; tier: CascadeTier }[] {
  const tiers: [CascadeTier, readonly NodeId[]][] = [
    ['keyholder', net.keyholders(post)],
    ['follower', post.encrypted ? [] : net.followers(post.author)],
    ['spare-quota', shuffled(net.hosting.candidates(), random)],
  ]
  const seen = new Set<NodeId>([post.author])
  const out: { peer: NodeId; tier: CascadeTier }[] = []
  for (const [tier, peers] of tiers) {
    for (const peer of peers) {
      if (seen.has(peer)) continue
      seen.add(peer)
      out.push({ peer, tier })
    }
  }
  return out
}

/**
 * Runs the cascade for `post` with `live` holders now: places copies until `target` live holders,
 * tier by tier. Never throws for a refusal or an unreachable peer; those are recorded in `attempts`.
 */
export async function restoreRedundancy(
  post: RestorationSubject,
  live: readonly NodeId[],
  net: CascadeNetwork,
  options: CascadeOptions = {},
): Promise<RestorationResult> {
  const target = options.target ?? REPLICA_DEFAULTS.target
  const maxOffers = options.maxOffers ?? REPLICA_DEFAULTS.maxOffersPerPost
  const holders = new Set(live)
  const result: RestorationResult = {
    post: post.id,
    placed: [],
    attempts: [],
    live: holders.size,
    status: 'ok',
  }
  const offer: HostingOffer = {
    post: post.id,
    author: post.author,
    bytes: post.bytes,
    encrypted: post.encrypted,
  }
  for (const { peer, tier } of cascadeCandidates(post, net, options.random ?? Math.random)) {
    if (holders.size >= target || result.attempts.length >= maxOffers) break
    if (holders.has(peer) || options.exclude?.has(peer)) continue
    const outcome = await ask(peer, tier, post, offer, net)
    result.attempts.push({ peer, tier, outcome })
    if (outcome !== 'placed') continue
    holders.add(peer)
    result.placed.push({ peer, tier })
  }
  result.live = holders.size
  result.status = holders.size >= target ? 'ok' : 'low'
  return result
}

/**
 * One ask: a spare-quota peer is asked first whether it accepts (its gate answers; a full peer is
 * skipped before anything is pushed), then pushed to; keyholders and followers are pushed to at once.
 */
async function ask(
  peer: NodeId,
  tier: CascadeTier,
  post: RestorationSubject,
  offer: HostingOffer,
  net: CascadeNetwork,
): Promise<string> {
  try {
    if (tier === 'spare-quota') {
      const answer = await net.hosting.acceptsHosting(peer, offer)
      if (!answer.accepted) return answer.reason
    }
    const pushed = await net.push(peer, post)
    return pushed.accepted ? 'placed' : pushed.reason
  } catch (err) {
    return errorName(err, 'UnreachableError')
  }
}
