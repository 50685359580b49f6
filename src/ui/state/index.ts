/** The components' shared state: the handle on the node they are given, the page's notifier and avatar images. */
export { avatarUrl, onAvatarsChanged } from './avatar-cache.ts'
export type { RpcClient } from './node-client.ts'
export { startNotifier } from './notifier.ts'
