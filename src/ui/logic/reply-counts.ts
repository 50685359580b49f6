/** Live reply counts (issue 16): a list's cards count the replies that arrive while it is open. */
import type { PostView } from '../../core/api/index.ts'

/**
 * `posts` with each parent's `reply_count` raised by the replies in `arrived` that answer it;
 * the same list (same identity) when none does, so a view re-renders only on a change.
 */
export function addReplies(posts: readonly PostView[], arrived: readonly PostView[]): readonly PostView[] {
  const more = new Map<string, number>()
  for (const reply of arrived) {
    if (reply.reply_to !== undefined) more.set(reply.reply_to, (more.get(reply.reply_to) ?? 0) + 1)
  }
  if (!posts.some((p) => more.has(p.id))) return posts
  return posts.map((p) => {
    const n = more.get(p.id)
    return n === undefined ? p : { ...p, reply_count: (p.reply_count ?? 0) + n }
  })
}
