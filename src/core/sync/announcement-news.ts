/**
 * Whether an announcement tells a holder something new (docs/design.md §5): anything but a post it
 * holds with the same time, or one its author deleted. A held id with another time signals a
 * delete, or a newer visibility header (the time is then the header's `visibility_updated_at`);
 * a time no newer than the held header is old news. Used by the browser node and the anchor alike.
 */
import type { NodeId, PostId } from '../model/index.ts'

/** What `isNews` reads of a store (the core Store has both). */
export interface NewsSource {
  isTombstoned(id: PostId, author: NodeId): boolean
  getPost(id: PostId): { signed: { post: { created_at: number }; visibility_updated_at: number } } | undefined
}

/** True if `ann` (author, id, time) names a change `store` does not hold yet. */
export function isNews(store: NewsSource, ann: { author: NodeId; id: string; created_at: number }): boolean {
  const id = ann.id as PostId
  if (store.isTombstoned(id, ann.author)) return false
  const held = store.getPost(id)?.signed
  if (held === undefined) return true
  return held.post.created_at !== ann.created_at && ann.created_at > held.visibility_updated_at
}
