/**
 * Removing a post's rows (delete and re-encrypt share it): the post, its recipients, replicas
 * (rows, report times, received maps), hosting and anchor-pin rows, and orphaned blobs. A fork pin
 * keeps its own copy and its blobs (issue 15).
 */
import type { PostId } from '../model/index.ts'
import type { SqlDriver } from './sql-driver.ts'

/**
 * Deletes the blobs `ids` that nothing uses any more (no post, avatar or fork pin refers to them).
 * The one orphan-blob rule: post removal and unpinning both call it. Call inside a transaction.
 */
export function removeUnusedBlobs(db: SqlDriver, ids: readonly string[]): void {
  for (const id of ids) {
    db.run(
      'DELETE FROM blobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM post_blobs WHERE blob_id = ?) ' +
        'AND NOT EXISTS (SELECT 1 FROM profiles WHERE avatar = ?) ' +
        'AND NOT EXISTS (SELECT 1 FROM pin_blobs WHERE blob_id = ?)',
      [id, id, id, id],
    )
  }
}

/** Deletes a stored post and every row that hangs off it; blobs only when nothing else uses them. Call inside a transaction. */
export function removePostRows(db: SqlDriver, id: PostId): void {
  const blobs = db.all<{ id: string }>('SELECT blob_id AS id FROM post_blobs WHERE post_id = ?', [id])
  db.run('DELETE FROM post_blobs WHERE post_id = ?', [id])
  removeUnusedBlobs(
    db,
    blobs.map((b) => b.id),
  )
  db.run('DELETE FROM post_recipients WHERE post_id = ?', [id])
  db.run('DELETE FROM replicas WHERE post_id = ?', [id])
  db.run('DELETE FROM replica_reports WHERE post_id = ?', [id])
  db.run('DELETE FROM replica_maps WHERE post_id = ?', [id])
  db.run('DELETE FROM map_changes WHERE post_id = ?', [id])
  db.run('DELETE FROM hosted_posts WHERE post_id = ?', [id])
  db.run("DELETE FROM pins WHERE post_id = ? AND mode = 'anchor'", [id])
  db.run('DELETE FROM posts WHERE id = ?', [id])
}
