/**
 * Pins (issue 15, docs/design.md §12): content the user chose to keep, outside the hosting quota.
 * - **anchor pin**: keep the original and serve it as one of the author's replicas; the author's
 *   delete still removes it (the pin goes with the post).
 * - **fork pin**: keep an own copy (the signed post and its blobs) that the author's delete does not
 *   remove; it is the user's archive and is not offered as the author's replica.
 */
import { NotFoundError, ValidationError } from '../errors.ts'
import type { Millis, NodeId, PostId } from '../model/index.ts'
import { checkPostId, removeUnusedBlobs, type SqlDriver } from '../storage/index.ts'
import { POST_COST_SQL } from './post-cost.ts'

/** How a post is pinned. */
export type PinMode = 'anchor' | 'fork'

/** A pin as Settings lists it. */
export interface Pin {
  post_id: PostId
  author: NodeId
  mode: PinMode
  pinned_at: Millis
  created_at: Millis
  bytes: number
  /** Whether the original post is still held (false: only the fork copy is left). */
  original_held: boolean
}

/** Checks a pin mode argument. */
export function checkPinMode(value: unknown, arg: string): PinMode {
  if (value !== 'anchor' && value !== 'fork') throw new ValidationError(`${arg}: must be 'anchor' or 'fork'`)
  return value
}

/**
 * Pins held post `id` (pinning again changes the mode). NotFoundError if it is not held;
 * ValidationError for an own post (always kept). Call inside a transaction for one log entry.
 */
export function pinPost(db: SqlDriver, me: NodeId, id: PostId, mode: PinMode, now: Millis): void {
  checkPostId(id, 'id')
  checkPinMode(mode, 'mode')
  const row = db.get<{ author: string; created_at: number; bytes: number }>(
    `SELECT p.author, p.created_at, ${POST_COST_SQL} AS bytes FROM posts p WHERE p.id = ?`,
    [id],
  )
  if (row === undefined) throw new NotFoundError('id: no such post is held')
  if (row.author === me) throw new ValidationError('id: own posts are always kept')
  db.transaction(() => {
    db.run('DELETE FROM pin_blobs WHERE post_id = ?', [id])
    if (mode === 'anchor') {
      db.run(
        'INSERT OR REPLACE INTO pins (post_id, author, mode, pinned_at, created_at, bytes) VALUES (?, ?, ?, ?, ?, ?)',
        [id, row.author, 'anchor', now, row.created_at, row.bytes],
      )
      return
    }
    db.run(
      `INSERT OR REPLACE INTO pins (post_id, author, mode, pinned_at, created_at, post_bytes, signature, visibility,
         visibility_signature, visibility_updated_at, bytes)
       SELECT id, author, 'fork', ?, created_at, post_bytes, signature, visibility, visibility_signature,
         visibility_updated_at, ? FROM posts WHERE id = ?`,
      [now, row.bytes, id],
    )
    db.run(
      'INSERT OR IGNORE INTO pin_blobs (post_id, blob_id) SELECT post_id, blob_id FROM post_blobs WHERE post_id = ?',
      [id],
    )
  })
}

/** Removes a pin; a fork copy's blobs go too when nothing else holds them. Returns whether it was pinned. */
export function unpinPost(db: SqlDriver, id: PostId): boolean {
  checkPostId(id, 'id')
  return db.transaction(() => {
    const blobs = db.all<{ id: string }>('SELECT blob_id AS id FROM pin_blobs WHERE post_id = ?', [id])
    db.run('DELETE FROM pin_blobs WHERE post_id = ?', [id])
    removeUnusedBlobs(
      db,
      blobs.map((b) => b.id),
    )
    return db.run('DELETE FROM pins WHERE post_id = ?', [id]).changes > 0
  })
}

/** The pin of `id`, or undefined. */
export function pinOf(db: SqlDriver, id: PostId): PinMode | undefined {
  return db.get<{ mode: PinMode }>('SELECT mode FROM pins WHERE post_id = ?', [id])?.mode
}

/** Every pin, newest first. */
export function listPins(db: SqlDriver): Pin[] {
  return db
    .all<Omit<Pin, 'original_held'> & { held: number }>(
      `SELECT pins.post_id, pins.author, pins.mode, pins.pinned_at, pins.created_at, pins.bytes,
         EXISTS (SELECT 1 FROM posts WHERE posts.id = pins.post_id) AS held
       FROM pins ORDER BY pins.pinned_at DESC, pins.post_id`,
    )
    .map(({ held, ...pin }) => ({ ...pin, original_held: held === 1 }))
}

/** Posts this node holds for their authors and serves as replicas: hosted ones and anchor pins. */
export function heldForOthers(db: SqlDriver): PostId[] {
  return db
    .all<{ id: PostId }>(
      `SELECT post_id AS id FROM hosted_posts WHERE EXISTS (SELECT 1 FROM posts WHERE posts.id = hosted_posts.post_id)
       UNION SELECT post_id AS id FROM pins WHERE mode = 'anchor' ORDER BY id`,
    )
    .map((r) => r.id)
}
