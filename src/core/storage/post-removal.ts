/**
 * Removing a post's rows (delete and re-encrypt share it): the post, its recipients, replicas,
 * hosting and anchor-pin rows, and orphaned blobs. A fork pin keeps its own copy and its blobs (issue 15).
 */
import type { PostId } from '../model/types.ts'
import type { SqlDriver } from './sql-driver.ts'

/** Deletes a stored post and every row that hangs off it; blobs only when nothing else uses them. Call inside a transaction. */
export function removePostRows(db: SqlDriver, id: PostId): void {
  const blobs = db.all<{ id: string }>('SELECT blob_id AS id FROM post_blobs WHERE post_id = ?', [id])
  db.run('DELETE FROM post_blobs WHERE post_id = ?', [id])
  for (const blob of blobs) {
    db.run(
      'DELETE FROM blobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM post_blobs WHERE blob_id = ?) ' +
        'AND NOT EXISTS (SELECT 1 FROM profiles WHERE avatar = ?) ' +
        'AND NOT EXISTS (SELECT 1 FROM pin_blobs WHERE blob_id = ?)',
      [blob.id, blob.id, blob.id, blob.id],
    )
  }
  db.run('DELETE FROM post_recipients WHERE post_id = ?', [id])
  db.run('DELETE FROM replicas WHERE post_id = ?', [id])
  db.run('DELETE FROM hosted_posts WHERE post_id = ?', [id])
  db.run("DELETE FROM pins WHERE post_id = ? AND mode = 'anchor'", [id])
  db.run('DELETE FROM posts WHERE id = ?', [id])
}
