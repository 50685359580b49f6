/**
 * The worker entry (docs/design.md §1): the SharedWorker that runs the node, or — where SharedWorker does
 * not exist — the same module as a dedicated Worker in the tab elected by Web Locks. `boot.ts` takes
 * the ports at once and loads the node (`serve-node.ts`), so a node that fails to load is reported
 * to the tabs instead of leaving them waiting. The storage (lock, sql.js WASM, snapshot and log
 * reads, `early-storage.ts`) is part of this script (issue 12): it starts before the node's code —
 * most of the worker's bytes — is fetched and compiled, not one more fetch after this one.
 */
import { type BootScope, bootWorker } from './boot.ts'
import { startEarlyStorage } from './early-storage.ts'
import { markStartup } from './startup-marks.ts'

markStartup('worker-script')

void bootWorker(self as unknown as BootScope, async (scope) => {
  // Before the node's code is asked for; a throw here reaches the tabs as a failed start.
  const early = startEarlyStorage()
  const { serveNode } = await import('./serve-node.ts')
  return serveNode(scope, { early })
})
