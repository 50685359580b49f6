/**
 * Measures hosting from storage (docs/design.md §12), in bytes as `POST_COST_SQL` counts them:
 * - `asked`: this node's own posts that others hold for it, once per *live* holder (replica map
 *   rows of other nodes for posts authored here, seen within the holder timeout: a holder that
 *   timed out is gone for the redundancy badge, so "others hold" and the 3× quota do not count it
 *   either — what a user expects of "others hold", and reciprocity for what is held now);
 * - `hosted`: others' posts this node holds because it accepted to host them (`hosted_posts`),
 *   leaving out pinned posts and posts of people it follows (those it reads, they are not hosting);
 * - `pinned`: what the user pinned (anchor pins of held posts and fork copies), outside the quota.
 */
import type { Millis, NodeId } from '../model/index.ts'
import type { SqlDriver } from '../storage/index.ts'
import { POST_COST_SQL } from './post-cost.ts'
import { hostingQuota } from './quota-rule.ts'

/** A node's hosting figures, in bytes. */
export interface HostingUsage {
  /** Own content others hold for us (bytes × holders). */
  asked: number
  /** Others' content we hold as hosting (counts against the quota). */
  hosted: number
  /** Pinned content (outside the quota). */
  pinned: number
  /** max(3 × asked, starter allowance). */
  quota: number
  /** Posts behind `hosted` and `pinned`. */
  hostedPosts: number
  pinnedPosts: number
}

/**
 * Reads the figures for node `me` with `starterBytes` as the quota's floor; with `liveSince`, only
 * holders seen at or after it count as asked (the caller passes now − holder timeout).
 */
export function measureHosting(
  db: SqlDriver,
  me: NodeId,
  starterBytes: number,
  liveSince: Millis = 0,
): HostingUsage {
  const asked =
    db.get<{ b: number | null }>(
      `SELECT SUM((${POST_COST_SQL}) * r.n) AS b FROM posts p
       JOIN (SELECT post_id, COUNT(*) AS n FROM replicas WHERE node_id <> ? AND updated_at >= ?
         GROUP BY post_id) r ON r.post_id = p.id
       WHERE p.author = ?`,
      [me, liveSince, me],
    )?.b ?? 0
  const hosted = db.get<{ b: number | null; n: number }>(
    `SELECT SUM(${POST_COST_SQL}) AS b, COUNT(*) AS n FROM hosted_posts h JOIN posts p ON p.id = h.post_id
     WHERE p.author <> ? AND NOT EXISTS (SELECT 1 FROM pins WHERE pins.post_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.node_id = p.author)`,
    [me],
  )
  const pinned = db.get<{ b: number | null; n: number }>('SELECT SUM(bytes) AS b, COUNT(*) AS n FROM pins')
  return {
    asked,
    hosted: hosted?.b ?? 0,
    pinned: pinned?.b ?? 0,
    quota: hostingQuota(asked, starterBytes),
    hostedPosts: hosted?.n ?? 0,
    pinnedPosts: pinned?.n ?? 0,
  }
}
