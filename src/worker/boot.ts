/**
 * The worker's first moments (docs/design.md §1): the connect handler is registered synchronously (Chrome
 * fires `connect` before anything could load) and ports wait while the node's code loads. When
 * that code does not load or throws while it is evaluated, every tab is told why at once — a
 * `failed` status and a `WorkerStartError` answer to each request — and the worker closes itself,
 * so the tab's "Try again" meets a fresh worker instead of this broken one.
 */
import type { NodeStatus } from '../core/api/index.ts'
import { errorToData, WorkerStartError } from '../core/errors.ts'

/** What the loaded node offers the boot: a way to hand it a port. */
export interface PortAcceptor {
  accept(port: MessagePort): void
}

/** The global scope as the boot uses it (SharedWorker or dedicated Worker). */
export type BootScope = (SharedWorkerGlobalScope | DedicatedWorkerGlobalScope) & { close(): void }

/** How long a failed worker lingers before it closes: its answers are sent, and the next tab meets a fresh worker. */
export const FAILED_WORKER_LINGER_MS = 100

/**
 * Registers the connect handler, loads the node with `load`, and hands it every port; on a load
 * failure reports it to every tab and closes. Returns the load's outcome (for tests).
 */
export function bootWorker(
  scope: BootScope,
  load: (scope: BootScope) => Promise<PortAcceptor>,
  lingerMs = FAILED_WORKER_LINGER_MS,
): Promise<PortAcceptor | undefined> {
  const host: NodeStatus['host'] = 'onconnect' in scope ? 'shared-worker' : 'dedicated-worker'
  const waiting: MessagePort[] = []
  let accept = (port: MessagePort): void => {
    waiting.push(port)
  }
  const onPort = (port: MessagePort | undefined): void => {
    if (port !== undefined) accept(port)
  }
  if ('onconnect' in scope) {
    scope.onconnect = (ev: MessageEvent) => onPort(ev.ports[0])
  } else {
    scope.onmessage = (ev: MessageEvent) => {
      const data: unknown = ev.data
      if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'connect') {
        onPort(ev.ports[0])
      }
    }
  }
  return load(scope).then(
    (node) => {
      accept = (port) => node.accept(port)
      for (const port of waiting.splice(0)) node.accept(port)
      return node
    },
    (err: unknown) => {
      const cause = errorToData(err)
      const error = new WorkerStartError(
        `the node's code did not load (${cause.name}: ${cause.message}); press Try again, and if it fails again reload the page once the app's server is up`,
      )
      accept = (port) => reportFailure(port, error, host)
      for (const port of waiting.splice(0)) reportFailure(port, error, host)
      setTimeout(() => scope.close(), lingerMs)
      return undefined
    },
  )
}

/** Sends a `failed` status on `port` and answers each request on it with `error`. */
function reportFailure(port: MessagePort, error: Error, host: NodeStatus['host']): void {
  const data = errorToData(error)
  const status: NodeStatus = {
    phase: 'failed',
    error: `${data.name}: ${data.message}`,
    storage_persisted: false,
    connections: 0,
    host,
  }
  port.onmessage = (ev: MessageEvent) => {
    const frame: unknown = ev.data
    if (typeof frame !== 'object' || frame === null) return
    const { type, id } = frame as { type?: unknown; id?: unknown }
    if (type === 'request' && typeof id === 'number') {
      port.postMessage({ type: 'response', id, ok: false, error: data })
    }
  }
  port.postMessage({ type: 'event', event: { type: 'status', status } })
}
