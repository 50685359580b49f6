/**
 * Finds this profile's node (DESIGN §1): the SharedWorker where it exists; otherwise one tab,
 * elected with the Web Locks API, runs the same worker module as a dedicated Worker, and every
 * other tab gets a detached client whose status says to use that tab (`OtherTabActiveError`).
 * A detached tab keeps waiting for the lock and takes over when the running tab closes.
 */
import type { NodeStatus } from '../../core/api/index.ts'
import { startWebRtcHost } from '../webrtc-host/index.ts'
import { RpcClient, type RpcClientOptions } from './client.ts'

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
  if (mode === 'shared' || (mode === 'auto' && typeof SharedWorker !== 'undefined')) {
    const worker = new SharedWorker(new URL('../../worker/main.ts', import.meta.url), {
      type: 'module',
      name,
    })
    return hostWebRtc(RpcClient.over(worker.port, opts))
  }
  return connectElected(name, opts)
}

/**
 * Makes this tab a WebRTC host for the worker (DESIGN §1: RTCPeerConnection exists only in
 * windows). The worker uses one tab at a time and moves to another when it closes.
 */
function hostWebRtc(client: RpcClient): RpcClient {
  if (typeof RTCPeerConnection === 'undefined') return client
  const channel = new MessageChannel()
  startWebRtcHost(channel.port2)
  client.offerRtcHost(channel.port1, `tab-${Math.random().toString(36).slice(2, 10)}`)
  return client
}

function startDedicated(name: string): MessagePort {
  const worker = new Worker(new URL('../../worker/main.ts', import.meta.url), { type: 'module', name })
  const channel = new MessageChannel()
  worker.postMessage({ type: 'connect' }, [channel.port2])
  return channel.port1
}

async function connectElected(name: string, opts: RpcClientOptions): Promise<RpcClient> {
  const locks = navigator.locks
  if (locks === undefined) return RpcClient.over(startDedicated(name), opts)
  const won = await new Promise<boolean>((resolve) => {
    void locks.request(`${NODE_TAB_LOCK}:${name}`, { ifAvailable: true }, (lock) => {
      resolve(lock !== null)
      return lock === null ? undefined : new Promise<never>(() => {})
    })
  })
  if (won) return hostWebRtc(RpcClient.over(startDedicated(name), opts))

  const client = RpcClient.detached(otherTabStatus(), opts)
  void locks.request(`${NODE_TAB_LOCK}:${name}`, () => {
    client.attach(startDedicated(name))
    hostWebRtc(client)
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
