/**
 * The worker entry (DESIGN §1): the SharedWorker that runs the node, or — where SharedWorker does
 * not exist — the same module as a dedicated Worker in the tab elected by Web Locks.
 */
import { serveNode } from './serve-node.ts'

serveNode(self as unknown as SharedWorkerGlobalScope | DedicatedWorkerGlobalScope)
