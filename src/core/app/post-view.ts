/** Turns stored posts into the `PostView`s a tab renders (src/core/api/views.ts). */
import type { AudienceView, PostView } from '../api/index.ts'
import type { GroupId, Identity, NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import type { GroupStore, StoredPost } from '../storage/index.ts'
import { openLocalText } from './local-text.ts'

/**
 * How the card shows the audience: what the envelope tells, so author and recipients see the same
 * label (issue 16); the author's own intent (a circle's current name) travels as `sent_to`.
 */
export function audienceOf(stored: StoredPost, viewer: NodeId, groups: HeldGroups): AudienceView {
  const { visibility } = stored.signed
  if (visibility.type === 'public') return { type: 'public' }
  // A DM's envelope is padded with random NodeIds (model/envelope-padding.ts): its real audience is its two parties.
  if (stored.dm_peer !== null)
    return { type: 'direct', recipients: [...new Set([stored.signed.post.author, stored.dm_peer, viewer])] }
  if (visibility.type === 'group') {
    const name = heldGroupName(groups, visibility.group, viewer)
    return name === undefined
      ? { type: 'group', id: visibility.group }
      : { type: 'group', id: visibility.group, name }
  }
  return { type: 'encrypted', recipients: visibility.recipients.length }
}

/** Where a view looks up the groups this node holds (the store). */
export type HeldGroups = Pick<GroupStore, 'getGroup'>

/** A group's name from this node's own state: only an accepted group the viewer is still a member of. */
function heldGroupName(groups: HeldGroups, id: GroupId, viewer: NodeId): string | undefined {
  const held = groups.getGroup(id)
  if (held === undefined || !held.accepted || !held.state.members.has(viewer)) return undefined
  return held.state.name
}

/** The author's note of whom an encrypted post went to: a circle's name or "Friends". */
export function sentTo(stored: StoredPost): string | undefined {
  const intent = stored.audience
  if (stored.signed.visibility.type === 'public' || intent === null) return undefined
  if (intent.type === 'circle') return intent.name
  if (intent.type === 'friends') return 'Friends'
  return undefined
}

/**
 * A stored post as a view for `viewer` (who opens the sealed text cache); `authorName` from the
 * author's profile, a group post's name from `groups` (the store).
 */
export function toPostView(
  stored: StoredPost,
  viewer: Identity,
  authorName: string | null,
  groups: HeldGroups,
): PostView {
  const { id, post } = stored.signed
  const view: PostView = {
    id,
    author: post.author,
    author_name: authorName ?? shortId(post.author),
    created_at: post.created_at,
    content:
      stored.signed.visibility.type === 'public' ? post.content : openLocalText(viewer, stored.plaintext),
    attachments: post.attachments.map((a) => ({ blob: a.blob, mime: a.mime, size: a.size })),
    audience: audienceOf(stored, viewer.nodeId, groups),
    is_own: post.author === viewer.nodeId,
  }
  if (post.reply_to !== undefined) view.reply_to = post.reply_to
  const to = post.author === viewer.nodeId ? sentTo(stored) : undefined
  if (to !== undefined) view.sent_to = to
  return view
}
