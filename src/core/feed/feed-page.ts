/**
 * Keyset pagination over posts (docs/design.md §8: reverse-chronological feeds): rows come newest first by
 * `(created_at, id)`, and the next page starts strictly below the last row's key — never OFFSET, so
 * a page costs the same at any depth and no post is skipped or repeated while new ones arrive.
 */
import type { FeedCursor } from '../api/index.ts'
import type { NodeId } from '../model/index.ts'
import {
  checkLimit,
  checkMillis,
  checkNodeIds,
  checkObject,
  checkPostId,
  type PostRow,
  postColumns,
  rowToStoredPost,
  type SqlParam,
  type Store,
  type StoredPost,
} from '../storage/index.ts'

/** A stored post with what a card needs besides it: the author's display name, if known. */
export interface FeedRow extends StoredPost {
  author_name: string | null
}

/** One page: `next` is set when more rows may follow. */
export interface FeedRows {
  rows: FeedRow[]
  next?: FeedCursor
}

/** Paging arguments every feed takes. */
export interface PageOptions {
  /** Start strictly below this key; omitted for the first page. */
  before?: FeedCursor
  /** Rows per page, 1–200. */
  limit: number
  /** Authors left out (muted and blocked, issue 16); at most 2000. */
  hide?: readonly NodeId[]
}

/** Largest page a feed returns. */
export const MAX_PAGE = 200

/** Checks paging arguments (ValidationError naming the argument). */
export function checkPage(options: PageOptions, arg: string): void {
  checkObject(options, arg)
  checkLimit(options.limit, `${arg}.limit`, MAX_PAGE)
  if (options.before !== undefined) {
    checkObject(options.before, `${arg}.before`)
    checkMillis(options.before.created_at, `${arg}.before.created_at`)
    checkPostId(options.before.id, `${arg}.before.id`)
  }
  if (options.hide !== undefined) checkNodeIds(options.hide, `${arg}.hide`, 2000)
}

/**
 * Runs one page of `SELECT … FROM posts p WHERE <where>` newest first. `where` is trusted SQL built
 * by the feed modules; user values go in `params`.
 */
export function feedPage(store: Store, where: string[], params: SqlParam[], page: PageOptions): FeedRows {
  const conditions = [...where]
  const args = [...params]
  if (page.hide !== undefined && page.hide.length > 0) {
    conditions.push('+p.author NOT IN (SELECT value FROM json_each(?))')
    args.push(JSON.stringify(page.hide))
  }
  if (page.before !== undefined) {
    conditions.push('(p.created_at, p.id) < (?, ?)')
    args.push(page.before.created_at, page.before.id)
  }
  args.push(page.limit + 1)
  const sql =
    `SELECT ${postColumns()}, pr.display_name AS author_name FROM posts p ` +
    'LEFT JOIN profiles pr ON pr.author = p.author ' +
    `WHERE ${conditions.length > 0 ? conditions.join(' AND ') : '1'} ` +
    'ORDER BY p.created_at DESC, p.id DESC LIMIT ?'
  const raw = store.db.all<PostRow & { author_name: string | null }>(sql, args)
  const more = raw.length > page.limit
  const rows = raw.slice(0, page.limit).map((r) => ({ ...rowToStoredPost(r), author_name: r.author_name }))
  const last = rows[rows.length - 1]
  return more && last !== undefined
    ? { rows, next: { created_at: last.signed.post.created_at, id: last.signed.id } }
    : { rows }
}

/** Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
