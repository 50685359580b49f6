/**
 * The components' shared state: the handle on the node they are given, the controllers that read
 * and change the node for them, toasts, the page's notifier and avatar images.
 */
export { avatarUrl, knownAvatarUrl, onAvatarsChanged } from './avatar-cache.ts'
export { FIRST_PAGE_LIMIT, prefetchFirstPage, takeFirstPage } from './first-page.ts'
export type { RpcClient } from './node-client.ts'
export { NodeEvents } from './node-events.ts'
export { NodeAction, NodeQuery, type NodeQueryOptions, type QueryHost, type Report } from './node-query.ts'
export { startNotifier } from './notifier.ts'
export { errorMessage, showToast, type ToastRequest } from './toast.ts'
