/**
 * Background notifications and the app badge (issue 16): watches the node's events in this tab, asks
 * the node for the toggles and threads, and shows what `notify-decision` picks. Every browser API is
 * feature-detected; where one is missing the notifier does nothing.
 */
import type { NodeEvent, PostView, ThreadView } from '../../core/api/index.ts'
import { mayNotify, messageNotice, type Notice, replyNotice, unreadCount } from '../logic/index.ts'
import { avatarUrl } from './avatar-cache.ts'
import type { RpcClient } from './node-client.ts'

type BadgeNavigator = Navigator & {
  setAppBadge?: (count?: number) => Promise<void>
  clearAppBadge?: () => Promise<void>
}

/** Sets the app badge to `count` (cleared at 0) where the browser has the Badging API. */
export function showBadge(count: number): void {
  const nav = navigator as BadgeNavigator
  const done = count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.()
  done?.catch(() => undefined)
}

/** Shows `notice` where allowed, with the sender's avatar as its icon when they have one. */
async function show(client: RpcClient, notice: Notice | null): Promise<void> {
  if (notice === null || typeof Notification === 'undefined') return
  if (!mayNotify(document.visibilityState, Notification.permission)) return
  const icon = await avatarUrl(client, notice.from)
  new Notification(notice.title, { body: notice.body, tag: notice.tag, ...(icon === null ? {} : { icon }) })
}

/** Starts watching `client`; returns the stop function. */
export function startNotifier(client: RpcClient): () => void {
  let threads: ThreadView[] | null = null
  const settings = () => client.call('settings.notifications.get', {})

  const onMessages = async (): Promise<void> => {
    const next = await client.call('messages.threads', {})
    showBadge(unreadCount(next))
    // The first read only sets the baseline: what was unread at start is not news.
    if (threads !== null) await show(client, messageNotice(threads, next, await settings()))
    threads = next
  }

  const onPost = async (post: PostView): Promise<void> => {
    if (post.is_own || post.reply_to === undefined) return
    const parent = post.reply_to
    const thread = await client.call('post.thread', { id: parent })
    const held = [thread.root, ...thread.replies.flatMap((r) => [r.post, ...r.replies])]
    const parentIsOwn = held.some((p) => p.id === parent && p.is_own)
    await show(client, replyNotice(post, parentIsOwn, await settings()))
  }

  const quietly = (run: Promise<void>) => void run.catch(() => undefined)
  quietly(onMessages())
  return client.on((e: NodeEvent) => {
    if (e.type === 'messages.changed') quietly(onMessages())
    else if (e.type === 'post.added') quietly(onPost(e.post))
    else if (e.type === 'posts.added') for (const p of e.posts) quietly(onPost(p))
  })
}
