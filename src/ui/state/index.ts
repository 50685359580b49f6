/** The components' shared state: the handle on the node they are given, and the page's notifier. */
export type { RpcClient } from './node-client.ts'
export { startNotifier } from './notifier.ts'
