/**
 * Finds this profile's node (docs/design.md §1): the SharedWorker where it exists; otherwise one tab,
 * elected with the Web Locks API, runs the same worker module as a dedicated Worker, and every
 * other tab gets a detached client whose status says to use that tab (`OtherTabActiveError`).
 * A detached tab keeps waiting for the lock and takes over when the running tab closes.
 *
 * A worker that does not load or throws while starting fails the client at once with a
 * `WorkerStartError` saying why and what to do (load-error.ts), instead of a 30 s RPC timeout.
 */
import { errorFromData, type NodeStatus } from '../../core/api/index.ts'
import { RpcClient, type RpcClientOptions } from './client.ts'
import { describeWorkerError } from './load-error.ts'
import { startVerifiers } from './verifier-threads.ts'

/** The Web Lock held by the tab that runs the node in the fallback. */
export const NODE_TAB_LOCK = 'distsoc-node'

/** Options of `connectToNode`. */
export interface ConnectOptions extends RpcClientOptions {
  /** The worker name: `distsoc` for the app; the test harness uses `distsoc-harness`. */
  name?: string
  /** `auto` (default): SharedWorker if it exists, else the elected dedicated Worker. */
  mode?: 'auto' | 'shared' | 'dedicated'
}

/** Connects this tab to the node and returns its RPC client. */
export async function connectToNode(opts: ConnectOptions = {}): Promise<RpcClient> {
  const name = opts.name ?? 'distsoc'
  const mode = opts.mode ?? 'auto'
  if (mode === 'shared' || (mode === 'auto' && typeof globalThis.SharedWorker !== 'undefined')) {
    return startVerifiers(hostWebRtc(startShared(name, opts)))
  }
  return connectElected(name, opts)
}

/** Starts (or joins) the profile's SharedWorker and returns a client over its port. */
function startShared(name: string, opts: RpcClientOptions): RpcClient {
  // Named like the global, so Vite still recognises the worker constructor below and bundles the
  // worker (no bare use of the global name in this module, or esbuild renames this one); the subclass only
  // remembers the script URL for the error report.
  const SharedWorker = keepingUrl(globalThis.SharedWorker)
  const worker = new SharedWorker(new URL('../../worker/main.ts', import.meta.url), { type: 'module', name })
  const client = RpcClient.over(worker.port, opts)
  failOnWorkerError(worker, worker.scriptUrl, client, 'shared-worker')
  return client
}

type WorkerClass<W> = new (url: URL, options: WorkerOptions) => W

/** `Base` (SharedWorker or Worker) whose instances keep their script URL, for `describeWorkerError`. */
function keepingUrl<W extends AbstractWorker>(Base: WorkerClass<W>): WorkerClass<W & { scriptUrl: string }> {
  const Keeping = class extends (Base as WorkerClass<AbstractWorker>) {
    readonly scriptUrl: string
    constructor(url: URL, options: WorkerOptions) {
      super(url, options)
      this.scriptUrl = url.href
    }
  }
  return Keeping as unknown as WorkerClass<W & { scriptUrl: string }>
}

/** Fails `client` when the worker reports an error before it ever answered (load or start). */
function failOnWorkerError(
  worker: AbstractWorker,
  scriptUrl: string,
  client: RpcClient,
  host: NodeStatus['host'],
): void {
  worker.addEventListener('error', (event) => {
    if (client.hasHeardFromNode) return
    void describeWorkerError(event, scriptUrl).then((message) =>
      client.fail(errorFromData({ name: 'WorkerStartError', message }), host),
    )
  })
}

/**
 * Makes this tab a WebRTC host for the worker (docs/design.md §1: RTCPeerConnection exists only in
 * windows). The worker uses one tab at a time and moves to another when it closes.
 */
function hostWebRtc(client: RpcClient): RpcClient {
  if (typeof RTCPeerConnection === 'undefined') return client
  const channel = new MessageChannel()
  // Loaded after the worker is created (issue 12): the host's code is not on the path to the first
  // page. The port keeps the worker's messages until the host serves it; if the code does not load,
  // this tab hosts no WebRTC and the node keeps its WebSocket and relayed paths.
  void import('../webrtc-host/index.ts').then(
    ({ startWebRtcHost }) => startWebRtcHost(channel.port2),
    () => channel.port2.close(),
  )
  client.offerRtcHost(channel.port1, `tab-${Math.random().toString(36).slice(2, 10)}`)
  return client
}

/** Starts the dedicated worker and attaches `client` to it. */
function startDedicated(name: string, client: RpcClient): RpcClient {
  const Worker = keepingUrl(globalThis.Worker) // named like the global, as above
  const worker = new Worker(new URL('../../worker/main.ts', import.meta.url), { type: 'module', name })
  const channel = new MessageChannel()
  worker.postMessage({ type: 'connect' }, [channel.port2])
  client.attach(channel.port1)
  failOnWorkerError(worker, worker.scriptUrl, client, 'dedicated-worker')
  return client
}

async function connectElected(name: string, opts: RpcClientOptions): Promise<RpcClient> {
  const locks = navigator.locks
  if (locks === undefined) return startDedicated(name, new RpcClient(opts))
  const won = await new Promise<boolean>((resolve) => {
    void locks.request(`${NODE_TAB_LOCK}:${name}`, { ifAvailable: true }, (lock) => {
      resolve(lock !== null)
      return lock === null ? undefined : new Promise<never>(() => {})
    })
  })
  if (won) return startVerifiers(hostWebRtc(startDedicated(name, new RpcClient(opts))))

  const client = RpcClient.detached(otherTabStatus(), opts)
  void locks.request(`${NODE_TAB_LOCK}:${name}`, () => {
    startDedicated(name, client)
    startVerifiers(hostWebRtc(client))
    void client.call('node.status', {}).then((status) => client.emit({ type: 'status', status }))
    return new Promise<never>(() => {})
  })
  return client
}

function otherTabStatus(): NodeStatus {
  return {
    phase: 'failed',
    error: 'OtherTabActiveError: distsoc is open in another tab; use that tab, or close it to continue here',
    storage_persisted: false,
    connections: 0,
    host: 'dedicated-worker',
  }
}
