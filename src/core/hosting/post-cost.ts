/**
 * What a post costs to hold, in bytes (docs/design.md §12): its canonical post bytes, its encoded
 * visibility and the declared sizes of its attachments. One rule for the browser's hosting ledger
 * and the anchor's mailbox ledger, so both count the same bytes.
 */
import type { SignedPost } from '../model/index.ts'
import { checkSignedPost } from '../storage/index.ts'

/** SQL for the cost of the `posts` row aliased `p` (same figure as `postCost`). */
export const POST_COST_SQL =
  'length(p.post_bytes) + length(p.visibility) + ' +
  'COALESCE((SELECT SUM(pb.size) FROM post_blobs pb WHERE pb.post_id = p.id), 0)'

/** The cost of a signed post before it is stored; throws ValidationError for a malformed one. */
export function postCost(post: SignedPost): number {
  const { postBytes, visibilityBytes } = checkSignedPost(post, 'post')
  return postBytes.length + visibilityBytes.length + post.post.attachments.reduce((n, a) => n + a.size, 0)
}
