/**
 * Replies and threads (issue 16): who a reply goes to, the thread view, reply counts. A reply to a
 * public post is public and travels in its parent author's sync set (storage/sync-keys.ts); a reply
 * to an encrypted post is encrypted to the same audience, its author included, so it is addressed
 * to them the way a DM is.
 */
import type { PostThreadView, PostView, ThreadReplyView } from '../api/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import type { NodeId, PostId, SignedPost, VisibilityIntent } from '../model/index.ts'
import { openContentKey, realRecipients } from '../model/index.ts'
import { type PostRow, postColumns, rowToStoredPost, type StoredPost } from '../storage/index.ts'
import { hiddenAuthors } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { toPostView } from './post-view.ts'

/** At most this many posts are read into one thread (a reply flood cannot make it unbounded). */
export const MAX_THREAD_POSTS = 500
/** At most this many ancestors are walked up to find where a thread starts. */
const MAX_DEPTH = 32

/** The audience a reply to `parentId` must have; NotFoundError if the parent is not held. */
export async function replyIntent(ctx: NodeContext, parentId: PostId): Promise<VisibilityIntent> {
  const identity = requireIdentity(ctx)
  const parent = ctx.store.getPost(parentId)
  if (parent === undefined) throw new NotFoundError('the post replied to is not here')
  if (parent.dm_peer !== null) throw new ValidationError('answer a direct message in the conversation')
  const { visibility, post } = parent.signed
  if (visibility.type === 'public') return { type: 'public' }
  // A reply to a group post goes to the same group (issue 14).
  if (visibility.type === 'group') return { type: 'group', id: visibility.group }
  const cek = await openContentKey(identity, post, visibility)
  const audience = new Set([post.author, ...realRecipients(cek, visibility)])
  audience.delete(identity.nodeId)
  return { type: 'direct', recipients: [...audience] }
}

/** Whom to tell directly of a new post besides the topic: the author of the public post it answers. */
export function replyNotify(ctx: NodeContext, post: SignedPost): NodeId[] {
  const parentId = post.post.reply_to
  if (parentId === undefined || post.visibility.type !== 'public') return []
  const parent = ctx.store.getPost(parentId)?.signed.post.author
  return parent === undefined || parent === post.post.author ? [] : [parent]
}

function notIn(column: string, ids: readonly string[]): string {
  return ids.length === 0 ? '' : ` AND ${column} NOT IN (${ids.map(() => '?').join(', ')})`
}

/** Direct replies held to each of `ids` (at most 1000), muted and blocked authors left out. */
export function replyCounts(ctx: NodeContext, ids: readonly PostId[]): Map<PostId, number> {
  const counts = new Map<PostId, number>()
  if (ids.length === 0) return counts
  const hidden = hiddenAuthors(ctx)
  const rows = ctx.store.db.all<{ reply_to: string; n: number }>(
    `SELECT reply_to, count(*) AS n FROM posts WHERE reply_to IN (${ids.map(() => '?').join(', ')})` +
      `${notIn('author', hidden)} GROUP BY reply_to`,
    [...ids.slice(0, 1000), ...hidden],
  )
  for (const row of rows) counts.set(row.reply_to as PostId, row.n)
  return counts
}

/** `views` with their reply counts. */
export function withReplyCounts(ctx: NodeContext, views: PostView[]): PostView[] {
  const counts = replyCounts(
    ctx,
    views.map((v) => v.id),
  )
  for (const view of views) {
    const n = counts.get(view.id)
    if (n !== undefined) view.reply_count = n
  }
  return views
}

function repliesTo(ctx: NodeContext, parents: readonly PostId[], hidden: readonly NodeId[], limit: number) {
  if (parents.length === 0 || limit <= 0) return []
  const rows = ctx.store.db.all<PostRow>(
    `SELECT ${postColumns('p')} FROM posts p ` +
      `WHERE p.reply_to IN (${parents.map(() => '?').join(', ')})${notIn('p.author', hidden)} ` +
      'ORDER BY p.created_at, p.id LIMIT ?',
    [...parents, ...hidden, limit],
  )
  return rows.map(rowToStoredPost)
}

/** The thread of `id`: from its first held ancestor, replies in time order, one level deep. */
export function postThread(ctx: NodeContext, id: PostId): PostThreadView {
  const identity = requireIdentity(ctx)
  const me = identity.nodeId
  let root = ctx.store.getPost(id)
  if (root === undefined || root.dm_peer !== null) throw new NotFoundError('no such post')
  for (let depth = 0; depth < MAX_DEPTH && root.signed.post.reply_to !== undefined; depth++) {
    const parent: StoredPost | undefined = ctx.store.getPost(root.signed.post.reply_to)
    if (parent === undefined || parent.dm_peer !== null) break
    root = parent
  }
  const rootAuthor = root.signed.post.author
  const hidden = hiddenAuthors(ctx)
  const shows = (author: NodeId): boolean =>
    rootAuthor === me || author === me || author === rootAuthor || ctx.store.isFollowing(author)
  const nameOf = (author: NodeId) => ctx.store.getProfile(author)?.record.display_name ?? null
  const view = (stored: StoredPost) =>
    toPostView(stored, identity, nameOf(stored.signed.post.author), ctx.store)

  const replies: ThreadReplyView[] = []
  let hiddenCount = 0
  let budget = MAX_THREAD_POSTS
  const first = repliesTo(ctx, [root.signed.id], hidden, budget)
  budget -= first.length
  for (const stored of first) {
    if (!shows(stored.signed.post.author)) {
      hiddenCount++
      continue
    }
    const below: PostView[] = []
    let level = [stored.signed.id]
    for (let depth = 0; depth < MAX_DEPTH && level.length > 0 && budget > 0; depth++) {
      const next = repliesTo(ctx, level, hidden, budget)
      budget -= next.length
      level = []
      for (const reply of next) {
        if (!shows(reply.signed.post.author)) {
          hiddenCount++
          continue
        }
        below.push(view(reply))
        level.push(reply.signed.id)
      }
    }
    below.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
    replies.push({ post: view(stored), replies: withReplyCounts(ctx, below) })
  }
  withReplyCounts(
    ctx,
    replies.map((r) => r.post),
  )
  return { root: withReplyCounts(ctx, [view(root)])[0] as PostView, replies, hidden: hiddenCount }
}
