/**
 * The worker entry (docs/design.md §1): the SharedWorker that runs the node, or — where SharedWorker does
 * not exist — the same module as a dedicated Worker in the tab elected by Web Locks. It imports
 * nothing heavy itself: `boot.ts` takes the ports at once and loads the node (`serve-node.ts`),
 * so a node that fails to load is reported to the tabs instead of leaving them waiting. The
 * storage (lock, sql.js WASM, snapshot and log reads) starts beside that load (`early-storage.ts`,
 * issue 12), since the node's code is most of the worker's bytes.
 */
import { type BootScope, bootWorker } from './boot.ts'
import { markStartup } from './startup-marks.ts'

markStartup('worker-script')
const early = import('./early-storage.ts').then((m) => m.startEarlyStorage())
early.catch(() => {})

void bootWorker(self as unknown as BootScope, async (scope) => {
  const [{ serveNode }, storage] = await Promise.all([import('./serve-node.ts'), early])
  return serveNode(scope, { early: storage })
})
