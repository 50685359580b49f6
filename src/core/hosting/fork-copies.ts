/**
 * Fork copies (issue 15, docs/design.md §12): the signed post a fork pin keeps in `pins`, read back
 * so the user can still open it (its text and its images, kept by `pin_blobs`) and export it after
 * the author deleted the original; and the same copy restored from an export.
 */
import { ValidationError } from '../errors.ts'
import type { Millis, PostId, SignedPost, Verified } from '../model/index.ts'
import {
  checkPostId,
  checkSignedPost,
  type PostRow,
  rowToStoredPost,
  type SqlDriver,
} from '../storage/index.ts'
import { postCost } from './post-cost.ts'

const COPY_COLUMNS =
  'post_id AS id, post_bytes, signature, visibility, visibility_signature, visibility_updated_at, ' +
  'NULL AS plaintext, NULL AS dm_peer, NULL AS audience, pinned_at AS received_at'

/** A fork pin's own copy: the signed post and when it was pinned. */
export interface ForkCopy {
  signed: SignedPost
  pinned_at: Millis
}

/** The fork copy of post `id`, or undefined if it is not fork-pinned. CorruptStorageError for a damaged row. */
export function forkCopy(db: SqlDriver, id: PostId): SignedPost | undefined {
  checkPostId(id, 'id')
  const row = db.get<PostRow>(
    `SELECT ${COPY_COLUMNS} FROM pins WHERE post_id = ? AND mode = 'fork' AND post_bytes IS NOT NULL`,
    [id],
  )
  return row === undefined ? undefined : rowToStoredPost(row).signed
}

/** Every fork copy (those whose original is still held too), oldest pin first. */
export function forkCopies(db: SqlDriver): ForkCopy[] {
  return db
    .all<PostRow>(
      `SELECT ${COPY_COLUMNS} FROM pins WHERE mode = 'fork' AND post_bytes IS NOT NULL ORDER BY pinned_at, post_id`,
    )
    .map((row) => ({ signed: rowToStoredPost(row).signed, pinned_at: row.received_at }))
}

/**
 * Stores a verified fork copy (from an export) as a fork pin, with its attachments' blobs kept
 * by `pin_blobs` (those not held are simply not linked). Keeps an existing pin of that post.
 * ValidationError for a malformed post. Returns whether it was new. Call inside a transaction.
 */
export function restoreForkCopy(db: SqlDriver, post: Verified<SignedPost>, pinnedAt: Millis): boolean {
  const { postBytes, visibilityBytes } = checkSignedPost(post, 'post')
  if (!Number.isSafeInteger(pinnedAt) || pinnedAt < 0) throw new ValidationError('pinnedAt: must be a time')
  const { changes } = db.run(
    `INSERT OR IGNORE INTO pins (post_id, author, mode, pinned_at, created_at, post_bytes, signature, visibility,
       visibility_signature, visibility_updated_at, bytes) VALUES (?, ?, 'fork', ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      post.id,
      post.post.author,
      pinnedAt,
      post.post.created_at,
      postBytes,
      post.signature,
      visibilityBytes,
      post.visibility_signature,
      post.visibility_updated_at,
      postCost(post),
    ],
  )
  if (changes === 0) return false
  for (const a of post.post.attachments) {
    db.run('INSERT OR IGNORE INTO pin_blobs (post_id, blob_id) SELECT ?, id FROM blobs WHERE id = ?', [
      post.id,
      a.blob,
    ])
  }
  return true
}
