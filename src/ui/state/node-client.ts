/**
 * The shape of the tab's handle on the node (docs/design.md §1): typed requests and a stream of events.
 * `src/ui/rpc/client.ts` implements it over the SharedWorker's MessagePort; tests use a fake.
 */
import type { NodeEvent, RpcMethod, RpcParams, RpcResult } from '../../core/api/index.ts'

/** Typed RPC to the node plus its pushed events; the only way components reach the node. */
export interface RpcClient {
  call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
  /** Subscribes to node events; returns the unsubscribe function. */
  on(listener: (e: NodeEvent) => void): () => void
}
