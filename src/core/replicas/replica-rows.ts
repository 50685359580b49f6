/**
 * The `replicas` table as the replica book's storage (issue 15): one row per live holder of an own
 * post, `updated_at` = when it was last seen holding it. Rows of dropped holders are removed, so
 * the table is also what `core/hosting` counts as "asked" (docs/design.md §12). The `at` of the last
 * report taken from each holder lives in `replica_reports` (dropped holders keep theirs), so a
 * replayed report is refused after a restart as before it.
 */

import type { Millis, NodeId, PostId, Signed, Verified } from '../model/index.ts'
import { decodeCanonical, encodeCanonical } from '../model/index.ts'
import type { SqlDriver } from '../storage/index.ts'
import type { HolderState, RedundancyStatus } from './replica-book.ts'
import type { ReplicaMap } from './replica-map.ts'

/** Own post ids with their holders: live rows from `replicas`, report times from `replica_reports`. */
export function loadOwnHolders(db: SqlDriver, me: NodeId): Map<PostId, HolderState[]> {
  const out = new Map<PostId, Map<NodeId, HolderState>>()
  for (const { id } of db.all<{ id: string }>('SELECT id FROM posts WHERE author = ?', [me]))
    out.set(id as PostId, new Map())
  const holder = (post: string, node: string): HolderState | undefined => {
    const holders = out.get(post as PostId)
    if (holders === undefined) return undefined
    const state = holders.get(node as NodeId) ?? { node: node as NodeId, held: false, reportAt: 0, seenAt: 0 }
    holders.set(node as NodeId, state)
    return state
  }
  const rows = db.all<{ post_id: string; node_id: string; updated_at: number }>(
    `SELECT r.post_id, r.node_id, r.updated_at FROM replicas r JOIN posts p ON p.id = r.post_id
     WHERE p.author = ? AND r.node_id <> ?`,
    [me, me],
  )
  for (const r of rows) {
    const state = holder(r.post_id, r.node_id)
    if (state === undefined) continue
    state.held = true
    state.seenAt = r.updated_at
  }
  const reports = db.all<{ post_id: string; holder: string; report_at: number }>(
    `SELECT t.post_id, t.holder, t.report_at FROM replica_reports t JOIN posts p ON p.id = t.post_id
     WHERE p.author = ?`,
    [me],
  )
  for (const r of reports) {
    const state = holder(r.post_id, r.holder)
    if (state !== undefined) state.reportAt = r.report_at
  }
  return new Map([...out].map(([post, holders]) => [post, [...holders.values()]]))
}

/**
 * Replaces a post's rows by its holders: held ones in `replicas` (dropped ones leave it), and the
 * report time of every holder a report was taken from in `replica_reports`.
 */
export function saveHolders(db: SqlDriver, post: PostId, holders: readonly HolderState[], me: NodeId): void {
  db.transaction(() => {
    db.run('DELETE FROM replicas WHERE post_id = ? AND node_id <> ?', [post, me])
    db.run('DELETE FROM replica_reports WHERE post_id = ?', [post])
    for (const h of holders) {
      if (h.reportAt > 0)
        db.run('INSERT INTO replica_reports (post_id, holder, report_at) VALUES (?, ?, ?)', [
          post,
          h.node,
          h.reportAt,
        ])
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

/** `updated_at` of the replica map kept for `post` (received from its author), if any. */
export function keptMapAt(db: SqlDriver, post: PostId): Millis | undefined {
  return db.get<{ updated_at: number }>('SELECT updated_at FROM replica_maps WHERE post_id = ?', [post])
    ?.updated_at
}

/** Keeps a verified replica map received from its author, replacing the older one (sealed ones stay sealed). */
export function keepReplicaMap(db: SqlDriver, map: Verified<Signed<ReplicaMap>>): void {
  const { record } = map
  db.run('INSERT OR REPLACE INTO replica_maps (post_id, author, updated_at, signed) VALUES (?, ?, ?, ?)', [
    record.post_id,
    record.author,
    record.updated_at,
    encodeCanonical(map),
  ])
}

/** The replica map kept for `post` as it was received (verified when it arrived), if any. */
export function keptReplicaMap(db: SqlDriver, post: PostId): Signed<ReplicaMap> | undefined {
  const row = db.get<{ signed: Uint8Array }>('SELECT signed FROM replica_maps WHERE post_id = ?', [post])
  return row === undefined ? undefined : (decodeCanonical(row.signed) as Signed<ReplicaMap>)
}
