/** What a node tells others about a change of its own (docs/design.md §5): public on the topic, private by notice. */
import type { NodeId, SignedPost } from '../../model/index.ts'

/**
 * A change by this node to tell others about: `(post id, created_at)` of a post, `(post id, delete
 * time)` of a delete, `(sync id, updated_at)` of a profile. With `recipients` it is private (an
 * encrypted post or DM, or a delete of one) and goes only by direct notice.
 */
export interface AnnouncedChange {
  id: string
  created_at: number
  recipients?: readonly NodeId[]
  /** Also told by direct notice, though public: the author of the post a reply answers (issue 16). */
  notify?: readonly NodeId[]
}

/**
 * The change to announce for a post (or, with `at`, for its delete): private when it is encrypted;
 * a group post goes to `groupMembers` (the group's members held now).
 */
export function changeOf(
  post: SignedPost,
  at: number = post.post.created_at,
  groupMembers: readonly NodeId[] = [],
): AnnouncedChange {
  if (post.visibility.type === 'public') return { id: post.id, created_at: at }
  if (post.visibility.type === 'group') return { id: post.id, created_at: at, recipients: groupMembers }
  return { id: post.id, created_at: at, recipients: post.visibility.recipients.map((r) => r.recipient) }
}
