/** Brings the full-text index up to date with the posts stored since it last was (issue 12). */
import type { SqlDriver } from './sql-driver.ts'

/**
 * Indexes every post waiting in `post_search_pending` (schema-search.ts) in one statement and
 * empties the queue, atomically; returns how many posts were indexed (0 writes nothing).
 */
export function indexPendingSearch(db: SqlDriver): number {
  const waiting = db.get<{ n: number }>('SELECT count(*) AS n FROM post_search_pending')?.n ?? 0
  if (waiting === 0) return 0
  db.transaction(() => {
    db.run(
      'INSERT INTO post_search (post_id, body) SELECT p.id, p.plaintext FROM post_search_pending q ' +
        'JOIN posts p ON p.id = q.post_id WHERE p.dm_peer IS NULL AND p.plaintext IS NOT NULL',
    )
    db.run('DELETE FROM post_search_pending')
  })
  return waiting
}
