/** Bounds and defaults of replica maps, self-reports, liveness probes and the cascade (issue 15). */

/** Hard caps on what a peer may send: a record or frame over them is refused with a typed error. */
export const REPLICA_LIMITS = {
  /** Holders one replica map lists (the author is never one of them). */
  holdersPerMap: 16,
  /** Post ids one liveness probe asks about ("do you still hold X?"). */
  probeIds: 1024,
  /** Signed self-reports one sync session carries. */
  reportsPerSession: 64,
  /** Holders one node tracks per post, however many report storing it. */
  holdersTracked: 64,
  /** Plaintext size a sealed map is padded to, so its length does not reveal how many hold it. */
  sealedPlaintextBytes: 1024,
  /** Bytes of each blob a liveness proof hashes, at a window the probe's nonce picks. */
  proofWindowBytes: 4096,
} as const

/** Defaults a node may tune. */
export const REPLICA_DEFAULTS = {
  /** Live holders (besides the author) a post should have. */
  target: 3,
  /** A holder not proven within this time has dropped off (seed D-2: "after a timeout"). */
  dropAfterMs: 24 * 60 * 60_000,
  /** Ids a node puts in one probe. */
  probeIds: 128,
  /** Most peers the cascade asks per post per run. */
  maxOffersPerPost: 12,
} as const
