/**
 * The node behind the worker entry, for both ways it runs (docs/design.md §1): as the SharedWorker, ports
 * arrive through `onconnect`; as the dedicated-worker fallback, the electing tab posts a
 * `{ type: 'connect' }` message carrying a MessagePort. `boot.ts` registers that handler
 * synchronously and hands every port to `accept`, so all of them reach one RpcServer; the node is
 * built lazily on the first connection (Chrome fires `connect` before any WASM could have loaded;
 * docs/house-rules.md §6).
 */
import type { NodeStatus } from '../core/api/index.ts'
import { ed25519Best, offloadVerify } from '../core/crypto/index.ts'
import { acquireStorageLock, openBrowserStorage } from './browser-storage.ts'
import { HARNESS_BUILD } from './build-flags.ts'
import type { EarlyStorage } from './early-storage.ts'
import { HARNESS_WORKER_NAME, harnessHandlers } from './harness-handlers.ts'
import { silentWorkerLogger, type WorkerLogger } from './logger.ts'
import { preloadBootstrap } from './node-app.ts'
import { createNodeHost, type NodeHost } from './node-host.ts'
import { RpcServer } from './rpc/index.ts'
import { markStartup } from './startup-marks.ts'
import { loadSqlJs } from './storage/index.ts'
import { VerifyPool } from './verify/index.ts'
import { installRtcShim, RtcHostRegistry } from './webrtc/index.ts'

/** The message a tab posts to a dedicated worker to hand it a port. */
export interface ConnectMessage {
  type: 'connect'
}

/** The running entry, for tests and debugging. */
export interface ServedNode {
  server: RpcServer
  host: NodeHost
  /** Serves a tab's port and starts the node (once). */
  accept(port: MessagePort): void
}

/** What the entry hands the node besides its scope. */
export interface ServeNodeOptions {
  /** The storage the entry started while this code loaded (issue 12); none: the host starts it. */
  early?: EarlyStorage
  logger?: WorkerLogger
}

/** Builds the node of a SharedWorker or dedicated Worker scope; ports come through `accept`. */
export function serveNode(
  scope: SharedWorkerGlobalScope | DedicatedWorkerGlobalScope,
  { early, logger }: ServeNodeOptions = {},
): ServedNode {
  markStartup('worker-evaluated')
  const mode: NodeStatus['host'] = 'onconnect' in scope ? 'shared-worker' : 'dedicated-worker'
  // Before any libp2p code loads: @libp2p/webrtc reads RTCPeerConnection when it is evaluated.
  const rtcHosts = new RtcHostRegistry(logger === undefined ? {} : { logger })
  installRtcShim(rtcHosts)
  const verifiers = new VerifyPool({ local: ed25519Best.verify })
  offloadVerify((pub, msg, sig) => verifiers.verify(pub, msg, sig))
  let server: RpcServer | undefined
  const host = createNodeHost({
    host: mode,
    broadcast: (event) => server?.broadcast(event),
    openStorage: () => early?.open() ?? openBrowserStorage(logger),
    preload: () => {
      if (early === undefined) loadSqlJs().catch(() => {})
      preloadBootstrap(self.location.origin, logger ?? silentWorkerLogger).catch(() => {})
    },
    acquireStorageLock: (onWaiting) => early?.acquireLock(onWaiting) ?? acquireStorageLock(onWaiting),
    storageManager: early?.storageManager(navigator.storage) ?? navigator.storage,
    // Both conditions: a production build has no harness code at all, whatever the worker is named.
    extraHandlers: HARNESS_BUILD && scope.name === HARNESS_WORKER_NAME ? harnessHandlers : undefined,
    logger,
  })
  server = new RpcServer({
    handlers: host.handlers,
    extraHandlers: host.extraHandlers,
    beforeSend: () => host.barrier(),
    onRtcHost: (port, name) => rtcHosts.attach(port, name),
    onVerifier: (port) => verifiers.attach(port),
    logger,
  })
  const accept = (port: MessagePort): void => {
    markStartup('first-connect')
    server.accept(port)
    void host.start()
  }
  return { server, host, accept }
}
