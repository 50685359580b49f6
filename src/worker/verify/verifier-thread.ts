/**
 * A verifier thread's entry: a dedicated Worker a tab starts for the node (src/ui/rpc/connect.ts),
 * since a SharedWorker cannot start one. The tab posts it one port; the node's worker holds the other.
 */
import { serveVerifier } from './serve-verifier.ts'

self.onmessage = (event: MessageEvent) => {
  const port = event.ports[0]
  if (port !== undefined) serveVerifier(port)
}
