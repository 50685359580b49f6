/**
 * Which posts of a batch the store must refuse as 'tombstoned' (issue 12): one query per 500 for
 * the tombstones and one for the posts that replace them, instead of two per post. A post is held
 * back by a tombstone of its author, or by a held post of its author that `replaces` it (seed D-2
 * re-encrypt: the replaced post never comes back).
 */
import type { NodeId, PostId } from '../model/index.ts'
import type { SqlDriver } from './sql-driver.ts'
import { placeholders } from './store-context.ts'

const CHUNK = 500

/** The ids among `keys` (checked ids and authors) that a tombstone or a replacing post of the same author holds back. */
export function heldBackAmong(db: SqlDriver, keys: readonly { id: PostId; author: NodeId }[]): Set<PostId> {
  const authors = new Map<PostId, Set<NodeId>>()
  for (const { id, author } of keys) authors.set(id, (authors.get(id) ?? new Set()).add(author))
  const ids = [...authors.keys()]
  const out = new Set<PostId>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const list = placeholders(chunk.length)
    const rows = [
      ...db.all<{ id: PostId; author: NodeId }>(
        `SELECT post_id AS id, author FROM tombstones WHERE post_id IN (${list})`,
        chunk,
      ),
      ...db.all<{ id: PostId; author: NodeId }>(
        `SELECT replaces AS id, author FROM posts WHERE replaces IN (${list})`,
        chunk,
      ),
    ]
    for (const r of rows) if (authors.get(r.id)?.has(r.author) === true) out.add(r.id)
  }
  return out
}
