/**
 * The seam between the restoration cascade (this folder) and reciprocity (`src/core/hosting`,
 * issue 15): when no keyholder or follower can take a replica, the cascade offers it to a random
 * peer "that has spare quota and accepts". Hosting answers; the cascade only asks.
 */
import type { NodeId, PostId } from '../model/index.ts'

/** What the cascade asks a candidate host to keep: one post and its blobs, by its author. */
export interface HostingOffer {
  post: PostId
  author: NodeId
  /** Bytes of the signed post plus its blobs, as the host would count them against its quota. */
  bytes: number
  /** True if the post is encrypted (the host keeps ciphertext it cannot read). */
  encrypted: boolean
}

/** A host's answer: accepted, or refused with the typed error's name (e.g. `HostingQuotaExceededError`). */
export type HostingAnswer = { accepted: true } | { accepted: false; reason: string }

/** Peers that may host for this node, and whether one accepts an offer (implemented by `core/hosting`). */
export interface HostingPeers {
  /** Peers this node knows and could ask to host (not yet filtered by quota; the cascade shuffles them). */
  candidates(): readonly NodeId[]
  /** Whether `peer` has spare quota and accepts `offer`; never throws for a refusal (it answers one). */
  acceptsHosting(peer: NodeId, offer: HostingOffer): Promise<HostingAnswer>
}
