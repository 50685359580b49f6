/**
 * The hosting decision (issue 15): given a verified post someone asks this node to hold, answer
 * `accept` (with a reservation, so concurrent offers cannot overshoot the quota), or `refuse`
 * with how many bytes would still fit. The browser's gate is `localHostingGate`; the anchor
 * builds one over its mailbox ledger (relay-anchor/src/mailbox-hosting.ts).
 */
import type { NodeId, SignedPost, Verified } from '../model/index.ts'
import type { RefusalReason } from './host-frames.ts'

/** An accepted offer: `commit` after the post and its blobs are stored, `release` if that failed. */
export interface HostingReservation {
  commit(): void
  release(): void
}

/** What the gate says to an offer. */
export type HostingDecision =
  | { kind: 'accept'; reservation: HostingReservation }
  | { kind: 'refuse'; reason: RefusalReason; spare: number }

/** Decides whether to host others' posts. */
export interface HostingGate {
  /** Decides on hosting `post` (verified, not yet held here) of `bytes` for peer `from`. */
  decide(post: Verified<SignedPost>, bytes: number, from: NodeId): HostingDecision
  /** Bytes this node would still accept now (0 when full): what "spare quota" means. */
  spare(): number
}
