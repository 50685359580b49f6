/**
 * The worker entry (docs/design.md §1): the SharedWorker that runs the node, or — where SharedWorker does
 * not exist — the same module as a dedicated Worker in the tab elected by Web Locks. It imports
 * nothing heavy itself: `boot.ts` takes the ports at once and loads the node (`serve-node.ts`),
 * so a node that fails to load is reported to the tabs instead of leaving them waiting.
 */
import { type BootScope, bootWorker } from './boot.ts'

void bootWorker(self as unknown as BootScope, async (scope) =>
  (await import('./serve-node.ts')).serveNode(scope),
)
