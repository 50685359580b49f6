/** Sender-side filtering of sync (seed C-2, docs/design.md §5): what a peer may receive of our posts. */
import type { NodeId, SignedPost } from './types.ts'

/**
 * True iff `post` may be sent to `requester`: (1) the requester is its author, (2) it is public and
 * its author is wanted, or (3) it is encrypted and the requester is a recipient. Otherwise withheld.
 */
export function shouldSendPost(
  post: SignedPost,
  requester: NodeId,
  wantedAuthors: ReadonlySet<NodeId>,
): boolean {
  if (post.post.author === requester) return true
  if (post.visibility.type === 'public') return wantedAuthors.has(post.post.author)
  // Group posts: who is a member is the group log's question (the node's verifier, app/node-sync.ts).
  if (post.visibility.type === 'group') return false
  return post.visibility.recipients.some((r) => r.recipient === requester)
}
