/**
 * Reads the keys of an author's sync set from the posts tables (docs/design.md §5): shared by the
 * browser node's sync adapter and the anchor's mailbox, so neither reaches into the other's layer.
 */
import type { NodeId, PostId } from '../model/index.ts'
import type { PostKey } from '../sync/index.ts'
import type { Store } from './store.ts'

interface KeyRow {
  id: string
  created_at: number
  kind: string
  recipients: string | null
  visibility_updated_at: number
}

/**
 * The keys of `author`'s sync set: posts by them, encrypted posts addressed to them (see
 * SyncStore) and public replies by others to their held posts (issue 16: the author of a post
 * receives every reply, the way DMs reach them), created at or after `since`, with recipients for
 * sender-side filtering. Used by the browser node and the anchor.
 */
export function syncKeysOf(store: Store, author: NodeId, since = 0): PostKey[] {
  // Two indexed halves (posts by author, recipients by recipient): an OR would scan every post.
  const recipients =
    '(SELECT group_concat(r.recipient) FROM post_recipients r WHERE r.post_id = p.id) AS recipients'
  const rows = store.db.all<KeyRow>(
    `SELECT p.id, p.created_at, p.kind, p.visibility_updated_at, ${recipients} FROM posts p WHERE p.author = ? AND p.created_at >= ? ` +
      `UNION ALL SELECT p.id, p.created_at, p.kind, p.visibility_updated_at, ${recipients} FROM post_recipients x ` +
      'JOIN posts p ON p.id = x.post_id WHERE x.recipient = ? AND p.author != ? AND p.created_at >= ? ' +
      `UNION ALL SELECT p.id, p.created_at, p.kind, p.visibility_updated_at, NULL AS recipients FROM posts o ` +
      "JOIN posts p ON p.reply_to = o.id WHERE o.author = ? AND p.author != ? AND p.kind = 'public' AND p.created_at >= ?",
    [author, since, author, author, since, author, author, since],
  )
  return rows.map((row): PostKey => {
    const key: PostKey = {
      id: row.id as PostId,
      created_at: row.created_at,
      visibility_updated_at: row.visibility_updated_at,
    }
    if (row.kind === 'encrypted') key.recipients = (row.recipients ?? '').split(',') as NodeId[]
    return key
  })
}
