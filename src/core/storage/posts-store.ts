/** Posts: idempotent insert of verified posts, reads, visibility updates, keys for reconciliation. */
import { type DistsocError, ReplacedPostMismatchError, ValidationError } from '../errors.ts'
import type { NodeId, PostId, SignedPost, Verified, Visibility, VisibilityIntent } from '../model/index.ts'
import { heldBackAmong } from './held-back-among.ts'
import { removePostRows } from './post-removal.ts'
import { type PostKey, type PostRow, postColumns, rowToStoredPost, type StoredPost } from './post-rows.ts'
import { recipientsOf } from './record-codec.ts'
import { placeholders, type StoreContext } from './store-context.ts'
import { checkLimit, checkMillis, checkNodeId, checkObject, checkPostId, checkString } from './validate.ts'
import {
  checkIntent,
  checkPostLocal,
  checkSignedPost,
  checkVisibility,
  type PostLocal,
  searchText,
} from './validate-post.ts'

/** A new signed visibility for a stored post (a `Verified<SignedPost>` fits too). */
export type VisibilityUpdate = Pick<
  SignedPost,
  'id' | 'visibility' | 'visibility_signature' | 'visibility_updated_at'
>

/** What `putPost` did: stored it, held it already, or refused it for its author's tombstone. */
export type PutPostOutcome = 'inserted' | 'exists' | 'tombstoned'

/** One item of `putPosts`. */
export interface PostToStore {
  post: Verified<SignedPost>
  local?: PostLocal
}

/** Bounds for `postKeysByAuthor`: `from` inclusive, `to` exclusive, in `(created_at, id)` order. */
export interface PostKeyRange {
  from?: PostKey
  to?: PostKey
  limit?: number
  /** Only keys this node may send to `visibleTo` (docs/design.md §5 sender-side filtering). */
  visibleTo?: NodeId
}

/** The posts part of the store. */
export interface PostStore {
  /**
   * Stores a verified post once; refuses one its author deleted or replaced ('tombstoned'). A post
   * that `replaces` a held one takes its place (one logical post, seed D-2 re-encrypt);
   * `ReplacedPostMismatchError` if the held one has another author or `created_at`. Never partially written.
   */
  putPost(p: Verified<SignedPost>, local?: PostLocal): PutPostOutcome
  /**
   * Stores many verified posts in one transaction (one write-ahead-log entry in the browser: a
   * cold sync writes per received batch, not per post, issue 12); outcomes in input order. Checks
   * every item before writing any, so a bad one throws `ValidationError` and writes nothing; a
   * post that may not replace the one it names gets its `ReplacedPostMismatchError` as outcome.
   */
  putPosts(items: readonly PostToStore[]): (PutPostOutcome | DistsocError)[]
  /** A stored post with its local facts, or `undefined`. */
  getPost(id: PostId): StoredPost | undefined
  /** Whether a post is stored. */
  hasPost(id: PostId): boolean
  /** The stored ids among `ids`, one query per 500 (a received batch, issue 12). */
  heldAmong(ids: readonly PostId[]): Set<PostId>
  /** The stored posts among `ids` (at most 1000), in `(created_at, id)` descending order. */
  postsByIds(ids: readonly PostId[]): StoredPost[]
  /** Replaces the visibility if `u.visibility_updated_at` is newer than the stored one. */
  updateVisibility(u: Verified<VisibilityUpdate>): 'updated' | 'stale' | 'missing'
  /** Caches (or clears) the readable text of a post; returns whether the post exists. */
  setPlaintext(id: PostId, text: string | null): boolean
  /** The composer's audience of each of `author`'s own posts that has one (newest first). */
  ownPostsWithAudience(author: NodeId): { id: PostId; audience: VisibilityIntent }[]
  /** How many posts are stored, optionally by one author. */
  countPosts(author?: NodeId): number
  /** Sorted ascending `(created_at, id)` keys of one author's posts, for set reconciliation. */
  postKeysByAuthor(author: NodeId, range?: PostKeyRange): PostKey[]
}

const VISIBLE_TO =
  `(p.kind = 'public' OR p.author = ? OR EXISTS ` +
  `(SELECT 1 FROM post_recipients r WHERE r.post_id = p.id AND r.recipient = ?))`

/** The `kind` column: a group post is stored as encrypted (its readers are the group's members). */
function kindOf(visibility: Visibility): 'public' | 'encrypted' {
  return visibility.type === 'public' ? 'public' : 'encrypted'
}

function checkKey(value: unknown, arg: string): PostKey {
  checkObject(value, arg)
  checkMillis(value.created_at, `${arg}.created_at`)
  checkPostId(value.id, `${arg}.id`)
  return { created_at: value.created_at, id: value.id }
}

/** A post whose fields were checked, with its encodings, ready to insert. */
interface CheckedPost {
  p: Verified<SignedPost>
  postBytes: Uint8Array
  visibilityBytes: Uint8Array
  meta: ReturnType<typeof checkPostLocal>
}

function checkForInsert(p: unknown, local: unknown, arg: string, localArg: string): CheckedPost {
  const { postBytes, visibilityBytes } = checkSignedPost(p, arg)
  const post = p as Verified<SignedPost>
  return { p: post, postBytes, visibilityBytes, meta: checkPostLocal(local, localArg) }
}

/** Builds the posts part over a shared context. */
export function createPostStore({ db, clock }: StoreContext): PostStore {
  /** Recipients of a post: its envelope's list, or for a group post the group's members held now. */
  const recipientsFor = (visibility: Visibility): NodeId[] =>
    visibility.type === 'group'
      ? db
          .all<{ node_id: NodeId }>('SELECT node_id FROM group_members WHERE group_id = ?', [
            visibility.group,
          ])
          .map((r) => r.node_id)
      : recipientsOf(visibility)
  const insertRecipients = (id: PostId, recipients: readonly NodeId[]): void => {
    for (const r of recipients)
      db.run('INSERT OR IGNORE INTO post_recipients (post_id, recipient) VALUES (?, ?)', [id, r])
  }

  /**
   * Inserts one checked post; call inside a transaction. Throws before writing anything.
   * `heldBack`: the batch's ids `heldBackAmong` found when no earlier item can have changed it.
   */
  const insertChecked = (c: CheckedPost, heldBack?: ReadonlySet<PostId>): PutPostOutcome => {
    const { p, postBytes, visibilityBytes, meta } = c
    const { id, post, visibility } = p
    if (heldBack !== undefined) {
      if (heldBack.has(id)) return 'tombstoned'
    } else if (heldBackAmong(db, [{ id, author: post.author }]).size > 0) return 'tombstoned'
    if (post.replaces !== undefined) {
      const old = db.get<{ author: string; created_at: number }>(
        'SELECT author, created_at FROM posts WHERE id = ?',
        [post.replaces],
      )
      if (old !== undefined && (old.author !== post.author || old.created_at !== post.created_at)) {
        throw new ReplacedPostMismatchError('a post may only replace its own author’s post of the same time')
      }
      if (old !== undefined && !db.get('SELECT 1 AS x FROM posts WHERE id = ?', [id])) {
        removePostRows(db, post.replaces)
      }
    }
    const { changes } = db.run(
      'INSERT OR IGNORE INTO posts (id, author, created_at, post_bytes, reply_to, signature, visibility, ' +
        'visibility_signature, visibility_updated_at, kind, plaintext, search_text, has_media, dm_peer, audience, ' +
        'received_at, replaces, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        post.author,
        post.created_at,
        postBytes,
        post.reply_to ?? null,
        p.signature,
        visibilityBytes,
        p.visibility_signature,
        p.visibility_updated_at,
        kindOf(visibility),
        meta.plaintext,
        // Encrypted posts' cached text is sealed (app/local-text.ts): not searchable in SQL.
        visibility.type === 'public' ? searchText(meta.plaintext) : null,
        post.attachments.length > 0 ? 1 : 0,
        meta.dm_peer,
        meta.audience === null ? null : JSON.stringify(meta.audience),
        clock.now(),
        post.replaces ?? null,
        visibility.type === 'group' ? visibility.group : null,
      ],
    )
    if (changes === 0) return 'exists'
    insertRecipients(id, recipientsFor(visibility))
    for (const a of post.attachments) {
      db.run('INSERT OR IGNORE INTO post_blobs (post_id, blob_id, mime, size) VALUES (?, ?, ?, ?)', [
        id,
        a.blob,
        a.mime,
        a.size,
      ])
    }
    return 'inserted'
  }

  return {
    putPost(p, local) {
      const checked = checkForInsert(p, local, 'p', 'local')
      return db.transaction(() => insertChecked(checked))
    },

    putPosts(items) {
      if (!Array.isArray(items)) throw new ValidationError('items: must be an array')
      const checked = items.map((item, i) => {
        checkObject(item, `items[${i}]`)
        return checkForInsert(item.post, item.local, `items[${i}].post`, `items[${i}].local`)
      })
      if (checked.length === 0) return []
      return db.transaction(() => {
        // One lookup for the batch (issue 12), unless an item replaces another: then a later item's
        // answer may depend on what an earlier one wrote, and each item asks for itself.
        const heldBack = checked.some((c) => c.p.post.replaces !== undefined)
          ? undefined
          : heldBackAmong(
              db,
              checked.map((c) => ({ id: c.p.id, author: c.p.post.author })),
            )
        return checked.map((c) => {
          try {
            return insertChecked(c, heldBack)
          } catch (err) {
            // Thrown before this item wrote anything: the others go on.
            if (err instanceof ReplacedPostMismatchError) return err
            throw err
          }
        })
      })
    },

    ownPostsWithAudience(author) {
      checkNodeId(author, 'author')
      return db
        .all<{ id: PostId; audience: string }>(
          'SELECT id, audience FROM posts WHERE author = ? AND audience IS NOT NULL ORDER BY created_at DESC, id DESC',
          [author],
        )
        .map((r) => ({ id: r.id, audience: checkIntent(JSON.parse(r.audience), 'audience') }))
    },

    getPost(id) {
      checkPostId(id, 'id')
      const row = db.get<PostRow>(`SELECT ${postColumns()} FROM posts p WHERE p.id = ?`, [id])
      return row === undefined ? undefined : rowToStoredPost(row)
    },

    hasPost(id) {
      checkPostId(id, 'id')
      return db.get('SELECT 1 AS x FROM posts WHERE id = ?', [id]) !== undefined
    },

    heldAmong(ids) {
      if (!Array.isArray(ids)) throw new ValidationError('ids: must be an array')
      for (const [i, id] of ids.entries()) checkPostId(id, `ids[${i}]`)
      const unique = [...new Set(ids)]
      const out = new Set<PostId>()
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500)
        for (const r of db.all<{ id: PostId }>(
          `SELECT id FROM posts WHERE id IN (${placeholders(chunk.length)})`,
          chunk,
        ))
          out.add(r.id)
      }
      return out
    },

    postsByIds(ids) {
      if (!Array.isArray(ids)) throw new ValidationError('ids: must be an array')
      if (ids.length > 1000) throw new ValidationError('ids: more than 1000')
      for (const [i, id] of ids.entries()) checkPostId(id, `ids[${i}]`)
      if (ids.length === 0) return []
      const unique = [...new Set(ids)]
      return db
        .all<PostRow>(
          `SELECT ${postColumns()} FROM posts p WHERE p.id IN (${placeholders(unique.length)}) ` +
            'ORDER BY p.created_at DESC, p.id DESC',
          unique,
        )
        .map(rowToStoredPost)
    },

    updateVisibility(u) {
      checkObject(u, 'u')
      checkPostId(u.id, 'u.id')
      const bytes = checkVisibility(u.visibility, 'u.visibility')
      if (!(u.visibility_signature instanceof Uint8Array) || u.visibility_signature.length !== 64) {
        throw new ValidationError('u.visibility_signature: must be 64 bytes')
      }
      checkMillis(u.visibility_updated_at, 'u.visibility_updated_at')
      return db.transaction(() => {
        const row = db.get<{ at: number }>('SELECT visibility_updated_at AS at FROM posts WHERE id = ?', [
          u.id,
        ])
        if (row === undefined) return 'missing'
        if (row.at >= u.visibility_updated_at) return 'stale'
        db.run(
          'UPDATE posts SET visibility = ?, visibility_signature = ?, visibility_updated_at = ?, kind = ? WHERE id = ?',
          [bytes, u.visibility_signature, u.visibility_updated_at, kindOf(u.visibility), u.id],
        )
        db.run('DELETE FROM post_recipients WHERE post_id = ?', [u.id])
        insertRecipients(u.id, recipientsFor(u.visibility))
        return 'updated'
      })
    },

    setPlaintext(id, text) {
      checkPostId(id, 'id')
      if (text !== null) checkString(text, 'text', 64 * 1024)
      return (
        db.run('UPDATE posts SET plaintext = ?, search_text = ? WHERE id = ?', [text, searchText(text), id])
          .changes > 0
      )
    },

    countPosts(author) {
      if (author === undefined) return db.get<{ n: number }>('SELECT count(*) AS n FROM posts')?.n ?? 0
      checkNodeId(author, 'author')
      return db.get<{ n: number }>('SELECT count(*) AS n FROM posts WHERE author = ?', [author])?.n ?? 0
    },

    postKeysByAuthor(author, range = {}) {
      checkNodeId(author, 'author')
      checkObject(range, 'range')
      const where = ['p.author = ?']
      const params: (string | number)[] = [author]
      if (range.from !== undefined) {
        const k = checkKey(range.from, 'range.from')
        where.push('(p.created_at, p.id) >= (?, ?)')
        params.push(k.created_at, k.id)
      }
      if (range.to !== undefined) {
        const k = checkKey(range.to, 'range.to')
        where.push('(p.created_at, p.id) < (?, ?)')
        params.push(k.created_at, k.id)
      }
      if (range.visibleTo !== undefined) {
        checkNodeId(range.visibleTo, 'range.visibleTo')
        where.push(VISIBLE_TO)
        params.push(range.visibleTo, range.visibleTo)
      }
      let sql = `SELECT p.created_at, p.id FROM posts p WHERE ${where.join(' AND ')} ORDER BY p.created_at, p.id`
      if (range.limit !== undefined) {
        checkLimit(range.limit, 'range.limit', 100_000)
        sql += ' LIMIT ?'
        params.push(range.limit)
      }
      return db.all<PostKey>(sql, params)
    },
  }
}
