/**
 * Verifier threads for the node (src/worker/verify, issue 12), in a module of their own: connect.ts
 * names its worker constructors like the globals for Vite, so it must not use the bare `Worker`.
 */
import type { RpcClient } from './client.ts'

/**
 * Starts verifier threads for the node (src/worker/verify, issue 12) once it has started, so their
 * load is not on the path to the first page: one per core beyond the first, at most 3. If a thread
 * does not load, the node checks signatures itself.
 */
export function startVerifiers(client: RpcClient): RpcClient {
  if (typeof Worker === 'undefined' || typeof MessageChannel === 'undefined') return client
  const threads = Math.min(3, Math.max(1, (navigator.hardwareConcurrency ?? 2) - 1))
  const stop = client.on((event) => {
    if (event.type !== 'status' || event.status.phase === 'starting') return
    stop()
    for (let i = 0; i < threads; i++) {
      const thread = new Worker(new URL('../../worker/verify/verifier-thread.ts', import.meta.url), {
        type: 'module',
        name: 'distsoc-verifier',
      })
      const channel = new MessageChannel()
      thread.postMessage(null, [channel.port1])
      client.offerVerifier(channel.port2)
    }
  })
  return client
}
