/** Turns stored posts into the `PostView`s a tab renders (src/core/api/views.ts). */
import type { AudienceView, PostView } from '../api/index.ts'
import type { Identity, NodeId } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import type { StoredPost } from '../storage/index.ts'
import { openLocalText } from './local-text.ts'

/**
 * How the card shows the audience: what the envelope tells, so author and recipients see the same
 * label (issue 16); the author's own intent (a circle's current name) travels as `sent_to`.
 */
export function audienceOf(stored: StoredPost, viewer: NodeId): AudienceView {
  const { visibility } = stored.signed
  if (visibility.type === 'public') return { type: 'public' }
  // A DM's envelope is padded with random NodeIds (model/envelope-padding.ts): its real audience is its two parties.
  if (stored.dm_peer !== null)
    return { type: 'direct', recipients: [...new Set([stored.signed.post.author, stored.dm_peer, viewer])] }
  if (visibility.type === 'group') return { type: 'group', id: visibility.group }
  return { type: 'encrypted', recipients: visibility.recipients.length }
}

/** The author's note of whom an encrypted post went to: a circle's name or "Friends". */
export function sentTo(stored: StoredPost): string | undefined {
  const intent = stored.audience
  if (stored.signed.visibility.type === 'public' || intent === null) return undefined
  if (intent.type === 'circle') return intent.name
  if (intent.type === 'friends') return 'Friends'
  return undefined
}

/** A stored post as a view for `viewer` (who opens the sealed text cache); `authorName` from the author's profile. */
export function toPostView(stored: StoredPost, viewer: Identity, authorName: string | null): PostView {
  const { id, post } = stored.signed
  const view: PostView = {
    id,
    author: post.author,
    author_name: authorName ?? shortId(post.author),
    created_at: post.created_at,
    content:
      stored.signed.visibility.type === 'public' ? post.content : openLocalText(viewer, stored.plaintext),
    attachments: post.attachments.map((a) => ({ blob: a.blob, mime: a.mime, size: a.size })),
    audience: audienceOf(stored, viewer.nodeId),
    is_own: post.author === viewer.nodeId,
  }
  if (post.reply_to !== undefined) view.reply_to = post.reply_to
  const to = post.author === viewer.nodeId ? sentTo(stored) : undefined
  if (to !== undefined) view.sent_to = to
  return view
}
