/** The tab's way to the node: `connectToNode()` and the typed `RpcClient` (docs/design.md §1–§2). */
export { type CallOptions, type NodeEventListener, RpcClient, type RpcClientOptions } from './client.ts'
export { type ConnectOptions, connectToNode, NODE_TAB_LOCK } from './connect.ts'
