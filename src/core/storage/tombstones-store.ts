/** Deletes and tombstones (docs/design.md §4): an author's signed delete removes the post and keeps it out. */
import { ValidationError } from '../errors.ts'
import type { DeleteRequest, Millis, NodeId, PostId, Signed, Verified } from '../model/index.ts'
import { removePostRows } from './post-removal.ts'
import { decodeDeleteRequest, encodeRecord } from './record-codec.ts'
import { placeholders, type StoreContext } from './store-context.ts'
import { checkMillis, checkNodeId, checkNodeIds, checkObject, checkPostId } from './validate.ts'

/** A stored tombstone with the signed request that created it (to pass on in sync). */
export interface Tombstone {
  post_id: PostId
  author: NodeId
  /** The request's signed `created_at`. */
  deleted_at: Millis
  request: Signed<DeleteRequest>
  /** Who the deleted encrypted post was addressed to (its author left out); empty for public or never-held posts. */
  recipients: NodeId[]
}

/** The tombstones part of the store. */
export interface TombstoneStore {
  /**
   * Honours a verified delete: removes the post, its recipients and its blobs no other post or
   * profile uses, and writes a tombstone. `ValidationError` if the stored post has another author.
   * Returns 'deleted' (post removed), 'tombstoned' (post not held; tombstone kept) or 'already'.
   */
  deletePost(req: Verified<Signed<DeleteRequest>>): 'deleted' | 'tombstoned' | 'already'
  /**
   * Whether a tombstone exists for the post; with `author`, only one signed by that author counts
   * (a delete signed by someone else never blocks the real author's post).
   */
  isTombstoned(id: PostId, author?: NodeId): boolean
  /**
   * `isTombstoned(id, author)` for many posts in one query per 500 (a received batch, issue 12):
   * the ids among `keys` that a tombstone signed by the given author holds back.
   */
  tombstonedAmong(keys: readonly { id: PostId; author: NodeId }[]): Set<PostId>
  /**
   * Tombstones of other authors' posts that were addressed to `recipient`, with the deleted post's
   * recipient list (for sender-side filtering), optionally with `deleted_at >= since`.
   */
  tombstonesAddressedTo(recipient: NodeId, since?: Millis): Tombstone[]
  /** Tombstones of these authors (at most 10 000), optionally with `deleted_at >= since`. */
  listTombstones(authors: readonly NodeId[], since?: Millis): Tombstone[]
}

/** A tombstone row with its recipients as `group_concat` text (NULL when none). */
interface TombstoneRow {
  request: Uint8Array
  signature: Uint8Array
  recipients: string | null
}

/** The deleted post's recipients of tombstone `t`, as one `group_concat` column. */
const RECIPIENTS_OF = (t: string) =>
  `(SELECT group_concat(a.recipient) FROM tombstone_recipients a WHERE a.post_id = ${t}.post_id) AS recipients`

function toTombstone({ request, signature, recipients }: TombstoneRow): Tombstone {
  const record = decodeDeleteRequest(request)
  return {
    post_id: record.post_id,
    author: record.author,
    deleted_at: record.created_at,
    request: { record, signature },
    recipients: recipients === null ? [] : (recipients.split(',') as NodeId[]),
  }
}

/** Builds the tombstones part over a shared context. */
export function createTombstoneStore({ db, clock }: StoreContext): TombstoneStore {
  return {
    deletePost(req) {
      checkObject(req, 'req')
      checkObject(req.record, 'req.record')
      const r = req.record
      if (r.v !== 1) throw new ValidationError('req.record.v: must be 1')
      checkNodeId(r.author, 'req.record.author')
      checkPostId(r.post_id, 'req.record.post_id')
      checkMillis(r.created_at, 'req.record.created_at')
      if (!(req.signature instanceof Uint8Array) || req.signature.length !== 64) {
        throw new ValidationError('req.signature: must be 64 bytes')
      }
      return db.transaction(() => {
        if (db.get('SELECT 1 AS x FROM tombstones WHERE post_id = ? AND author = ?', [r.post_id, r.author])) {
          return 'already'
        }
        const post = db.get<{ author: string }>('SELECT author FROM posts WHERE id = ?', [r.post_id])
        if (post !== undefined && post.author !== r.author) {
          throw new ValidationError("req.record.author: is not the post's author")
        }
        db.run(
          'INSERT INTO tombstones (post_id, author, request, signature, deleted_at, received_at) ' +
            'VALUES (?, ?, ?, ?, ?, ?)',
          [r.post_id, r.author, encodeRecord(r), req.signature, r.created_at, clock.now()],
        )
        if (post === undefined) return 'tombstoned'
        // The delete travels in the recipients' sets too, so they get it without following the author.
        db.run(
          'INSERT OR IGNORE INTO tombstone_recipients (post_id, recipient) ' +
            'SELECT post_id, recipient FROM post_recipients WHERE post_id = ? AND recipient != ?',
          [r.post_id, r.author],
        )
        removePostRows(db, r.post_id)
        return 'deleted'
      })
    },

    isTombstoned(id, author) {
      checkPostId(id, 'id')
      if (author === undefined)
        return db.get('SELECT 1 AS x FROM tombstones WHERE post_id = ?', [id]) !== undefined
      checkNodeId(author, 'author')
      return (
        db.get('SELECT 1 AS x FROM tombstones WHERE post_id = ? AND author = ?', [id, author]) !== undefined
      )
    },

    tombstonedAmong(keys) {
      if (!Array.isArray(keys)) throw new ValidationError('keys: must be an array')
      const wanted = new Map<PostId, Set<NodeId>>()
      for (const [i, key] of keys.entries()) {
        checkObject(key, `keys[${i}]`)
        checkPostId(key.id, `keys[${i}].id`)
        checkNodeId(key.author, `keys[${i}].author`)
        wanted.set(key.id, (wanted.get(key.id) ?? new Set()).add(key.author))
      }
      const ids = [...wanted.keys()]
      const out = new Set<PostId>()
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500)
        const rows = db.all<{ post_id: PostId; author: NodeId }>(
          `SELECT post_id, author FROM tombstones WHERE post_id IN (${placeholders(chunk.length)})`,
          chunk,
        )
        for (const r of rows) if (wanted.get(r.post_id)?.has(r.author) === true) out.add(r.post_id)
      }
      return out
    },

    tombstonesAddressedTo(recipient, since) {
      checkNodeId(recipient, 'recipient')
      if (since !== undefined) checkMillis(since, 'since')
      const rows = db.all<TombstoneRow>(
        `SELECT t.request, t.signature, ${RECIPIENTS_OF('t')} FROM tombstone_recipients x ` +
          'JOIN tombstones t ON t.post_id = x.post_id WHERE x.recipient = ? AND t.author != ? AND t.deleted_at >= ? ' +
          'ORDER BY t.deleted_at, t.post_id LIMIT 10000',
        [recipient, recipient, since ?? 0],
      )
      return rows.map(toTombstone)
    },

    listTombstones(authors, since) {
      const ids = checkNodeIds(authors, 'authors')
      if (since !== undefined) checkMillis(since, 'since')
      if (ids.length === 0) return []
      const rows = db.all<TombstoneRow>(
        `SELECT t.request, t.signature, ${RECIPIENTS_OF('t')} FROM tombstones t ` +
          `WHERE t.author IN (${placeholders(ids.length)}) AND t.deleted_at >= ? ORDER BY t.deleted_at, t.post_id`,
        [...ids, since ?? 0],
      )
      return rows.map(toTombstone)
    },
  }
}
