/**
 * The reciprocity rule (seed Phase 2, issue 15; docs/design.md §12): a node hosts others' content
 * up to 3× what it asks others to host for it, and never less than a small starter allowance
 * (so that a young network, where nobody has asked anything yet, can start). The rule is pure:
 * the ledger measures, this decides.
 */
import type { HostingUsage } from './hosting-usage.ts'

/** A node hosts at most this many times what it asks others to host (seed Phase 2). */
export const QUOTA_FACTOR = 3

/** Default starter allowance: 4 MiB, about sixteen full-size images (settings `hosting.starter_bytes`). */
export const DEFAULT_STARTER_BYTES = 4 * 1024 * 1024

/** The hosting quota for `askedBytes` asked of others: max(3 × asked, starter). */
export function hostingQuota(askedBytes: number, starterBytes: number): number {
  return Math.max(QUOTA_FACTOR * askedBytes, starterBytes)
}

/**
 * Whether `usage` leaves room for `bytes` more: accepted while hosted + reserved + bytes ≤ quota
 * (so hosting exactly 3× is allowed, one byte over is refused).
 */
export function fitsQuota(
  usage: Pick<HostingUsage, 'hosted' | 'quota'>,
  reserved: number,
  bytes: number,
): boolean {
  return usage.hosted + reserved + bytes <= usage.quota
}
