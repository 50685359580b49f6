/**
 * When the app is in the background, which node event earns a system notification (issue 16), and the
 * app badge's number. Pure: the notifier feeds it threads and posts and shows what it returns.
 */
import type { NodeId, NotificationSettings, PostView, ThreadView } from '../../core/api/index.ts'

/** What to show: `tag` groups repeats (one notification per conversation or thread). */
export interface Notice {
  title: string
  body: string
  tag: string
  /** Who it is from, for their avatar as the notification's icon. */
  from: NodeId
}

/** The longest body shown; the rest is cut with an ellipsis. */
export const NOTICE_BODY_MAX = 120

const cut = (text: string): string =>
  text.length <= NOTICE_BODY_MAX ? text : `${text.slice(0, NOTICE_BODY_MAX - 1)}…`

/** The badge's number: every unread direct message and request. */
export function unreadCount(threads: readonly ThreadView[]): number {
  return threads.reduce((sum, t) => sum + Math.max(0, t.unread), 0)
}

/** Only a hidden page with permission notifies: a visible app shows the item itself. */
export function mayNotify(visibility: DocumentVisibilityState, permission: NotificationPermission): boolean {
  return visibility === 'hidden' && permission === 'granted'
}

/** The conversation whose unread count grew since `before` (newest first), as a notice. */
export function messageNotice(
  before: readonly ThreadView[],
  after: readonly ThreadView[],
  settings: NotificationSettings,
): Notice | null {
  if (!settings.messages) return null
  const was = new Map(before.map((t) => [t.peer, t.unread]))
  const grown = after
    .filter((t) => t.unread > (was.get(t.peer) ?? 0))
    .sort((a, b) => b.last_message_at - a.last_message_at)[0]
  if (grown === undefined) return null
  return {
    title: grown.is_request
      ? `Message request from ${grown.peer_name}`
      : `New message from ${grown.peer_name}`,
    body: cut(grown.last_preview),
    tag: `dm:${grown.peer}`,
    from: grown.peer,
  }
}

/** A reply by someone else to one of the user's posts (`parentIsOwn`), as a notice. */
export function replyNotice(
  post: PostView,
  parentIsOwn: boolean,
  settings: NotificationSettings,
): Notice | null {
  if (!settings.replies || post.is_own || post.reply_to === undefined || !parentIsOwn) return null
  return {
    title: `${post.author_name} replied to your post`,
    body: cut(post.content ?? 'Encrypted reply'),
    tag: `reply:${post.reply_to}`,
    from: post.author,
  }
}
