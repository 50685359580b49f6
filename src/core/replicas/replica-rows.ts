/**
 * The `replicas` table as the replica book's storage (issue 15): one row per live holder of an own
 * post, `updated_at` = when it was last seen holding it. Rows of dropped holders are removed, so
 * the table is also what `core/hosting` counts as "asked" (docs/design.md §12).
 */
import type { Millis, NodeId, PostId } from '../model/types.ts'
import type { SqlDriver } from '../storage/index.ts'
import type { HolderState, RedundancyStatus } from './replica-book.ts'

/** Own post ids with their holder rows (other nodes only). */
export function loadOwnHolders(db: SqlDriver, me: NodeId): Map<PostId, HolderState[]> {
  const out = new Map<PostId, HolderState[]>()
  for (const { id } of db.all<{ id: string }>('SELECT id FROM posts WHERE author = ?', [me]))
    out.set(id as PostId, [])
  const rows = db.all<{ post_id: string; node_id: string; updated_at: number }>(
    `SELECT r.post_id, r.node_id, r.updated_at FROM replicas r JOIN posts p ON p.id = r.post_id
     WHERE p.author = ? AND r.node_id <> ?`,
    [me, me],
  )
  for (const r of rows) {
    out
      .get(r.post_id as PostId)
      ?.push({ node: r.node_id as NodeId, held: true, reportAt: 0, seenAt: r.updated_at })
  }
  return out
}

/** Replaces a post's holder rows by its held holders (dropped ones leave the table). */
export function saveHolders(db: SqlDriver, post: PostId, holders: readonly HolderState[], me: NodeId): void {
  db.transaction(() => {
    db.run('DELETE FROM replicas WHERE post_id = ? AND node_id <> ?', [post, me])
    for (const h of holders) {
      if (!h.held) continue
      db.run('INSERT OR REPLACE INTO replicas (post_id, node_id, updated_at) VALUES (?, ?, ?)', [
        post,
        h.node,
        h.seenAt,
      ])
    }
  })
}

/** Redundancy of `ids` from the rows: holders seen within `dropAfterMs`, against `target`. */
export function redundancyOf(
  db: SqlDriver,
  ids: readonly PostId[],
  me: NodeId,
  now: Millis,
  dropAfterMs: number,
  target: number,
): Map<PostId, RedundancyStatus> {
  const out = new Map<PostId, RedundancyStatus>()
  for (const id of ids) out.set(id, { live: 0, target, low: true })
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const rows = db.all<{ post_id: string; n: number }>(
      `SELECT post_id, COUNT(*) AS n FROM replicas WHERE node_id <> ? AND updated_at >= ?
       AND post_id IN (${chunk.map(() => '?').join(',')}) GROUP BY post_id`,
      [me, now - dropAfterMs, ...chunk],
    )
    for (const r of rows) out.set(r.post_id as PostId, { live: r.n, target, low: r.n < target })
  }
  return out
}

/** How many own posts have fewer live holders than `target`, of how many. */
export function lowRedundancyCount(
  db: SqlDriver,
  me: NodeId,
  now: Millis,
  dropAfterMs: number,
  target: number,
): { posts: number; low: number } {
  const row = db.get<{ posts: number; low: number }>(
    `SELECT COUNT(*) AS posts, COALESCE(SUM(CASE WHEN COALESCE(r.n, 0) < ? THEN 1 ELSE 0 END), 0) AS low
     FROM posts p LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM replicas
       WHERE node_id <> ? AND updated_at >= ? GROUP BY post_id) r ON r.post_id = p.id
     WHERE p.author = ?`,
    [target, me, now - dropAfterMs, me],
  )
  return { posts: row?.posts ?? 0, low: row?.low ?? 0 }
}
