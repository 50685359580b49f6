/**
 * Builds the application (src/core/app NodeService) inside the worker: the store over the durable
 * driver, and the browser libp2p node — WebSockets to anchors, circuit relay, and WebRTC through
 * the tab host shim (docs/design.md §1, §10). The shim must be installed before `@libp2p/webrtc` loads.
 */
import type { NodeEvent, NodeStatus } from '../core/api/index.ts'
import type { BootstrapConfig } from '../core/app/index.ts'
import { createNodeService, iceServersFor, type NodeService, parseBootstrap } from '../core/app/index.ts'
import { errorName } from '../core/errors.ts'
import type { Logger } from '../core/net/index.ts'
import { openStore, type SqlDriver } from '../core/storage/index.ts'
import { createDeviceKeyWrapper } from './device-key.ts'
import { markStartup, timePhase } from './startup-marks.ts'

/** What the worker hands the application. */
export interface NodeAppOptions {
  driver: SqlDriver
  host: NodeStatus['host']
  emit: (event: NodeEvent) => void
  persistence: { persisted(): Promise<boolean>; persist(): Promise<boolean> }
  logger: Logger
  /** Where the app is served from (the worker's `location.origin`). */
  origin: string
  /**
   * Called once the identity is loaded, before the network starts and "ready" is announced: from
   * then on the stored feed can be read (issue 12: the first page before "ready").
   */
  onReadable?: (service: NodeService) => void
  /** Resolves once the first feed page is answered; the network's code loads after it (issue 12). */
  firstPageAnswered?: Promise<void>
}

/** How long after the start the network loads at the latest when no tab asked for a feed page. */
export const NETWORK_GATE_MAX_MS = 500

/** A page served from this machine may dial loopback and `ws://` anchors (development, tests). */
export function isLocalOrigin(origin: string): boolean {
  const { hostname } = new URL(origin)
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
}

const bootstraps = new Map<string, Promise<BootstrapConfig>>()

/**
 * Starts fetching `/bootstrap.json` now (while the storage lock and sql.js load); `startNodeApp`
 * takes the same answer instead of fetching again after storage is open.
 */
export function preloadBootstrap(origin: string, logger: Logger): Promise<BootstrapConfig> {
  let loading = bootstraps.get(origin)
  if (loading === undefined) {
    loading = loadBootstrap(origin, logger)
    bootstraps.set(origin, loading)
  }
  return loading
}

/** Loads `/bootstrap.json`; a missing or bad one means no anchors yet, never a failed start. */
export async function loadBootstrap(origin: string, logger: Logger): Promise<BootstrapConfig> {
  try {
    const res = await fetch(new URL('/bootstrap.json', origin), { cache: 'no-cache' })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return parseBootstrap(await res.json())
  } catch (err) {
    logger.warn('bootstrap:unavailable', { error: errorName(err) })
    return { anchors: [] }
  }
}

/** Creates and starts the node service. */
export async function startNodeApp(opts: NodeAppOptions): Promise<NodeService> {
  const store = timePhase('store-open', () => openStore(opts.driver))
  markStartup('store-open')
  const bootstrap = await preloadBootstrap(opts.origin, opts.logger)
  bootstraps.delete(opts.origin)
  const local = isLocalOrigin(opts.origin)
  let gate: Promise<void> | undefined
  const service = createNodeService({
    store,
    clock: { now: () => Date.now() },
    logger: opts.logger,
    bootstrap,
    emit: opts.emit,
    secrets: createDeviceKeyWrapper(),
    host: opts.host,
    persistence: opts.persistence,
    networkGate: () => (gate ??= networkGate(opts.firstPageAnswered)),
    async createLibp2p(privateKey) {
      // Loaded on demand, after the first page: libp2p is most of the worker's code.
      const [{ webSockets }, { webRTC }, { createDistsocLibp2p, iceServersConfig }] = await Promise.all([
        import('@libp2p/websockets'),
        import('@libp2p/webrtc'),
        // Through the folder's index, which the node's code imports statically, libp2p's assembly
        // would land in the node's first chunk (issue 12).
        // deep import: keeps gossipsub, noise and yamux out of the chunk before the first page
        import('../core/net/create-libp2p.ts'),
      ])
      return createDistsocLibp2p({
        privateKey,
        // ICE servers only from the user's anchors, read at every dial (issue 18)
        transports: [
          webSockets(),
          webRTC({ rtcConfiguration: () => iceServersConfig(iceServersFor(service.context)) }),
        ],
        listen: ['/p2p-circuit', '/webrtc'],
        ...(local ? { connectionGater: { denyDialMultiaddr: async () => false } } : {}),
      })
    },
  })
  await timePhase('identity-load', () => service.loadIdentity())
  markStartup('identity-loaded')
  opts.onReadable?.(service)
  await timePhase('node-start', () => service.start())
  return service
}

/** The first page answered, or `NETWORK_GATE_MAX_MS`, whichever comes first; at once without a page to wait for. */
function networkGate(firstPage: Promise<void> | undefined): Promise<void> {
  if (firstPage === undefined) return Promise.resolve()
  return Promise.race([firstPage, new Promise<void>((resolve) => setTimeout(resolve, NETWORK_GATE_MAX_MS))])
}
