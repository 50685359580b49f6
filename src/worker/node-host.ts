/**
 * The seam between the worker's plumbing and the application (docs/design.md §1): owns the node's
 * lifecycle — storage lock, durable storage, status — and the RPC handler table. The identity
 * lives here, in the worker's database, and is never sent to a tab (docs/design.md §3).
 *
 * Once storage is open it starts the application (`src/core/app` NodeService, via node-app.ts);
 * every RPC method's params are shape-checked here (rpc/method-params.ts) before it runs.
 */
import type { NodeEvent, NodeStatus, RpcMethod } from '../core/api/index.ts'
import type { NodeService } from '../core/app/index.ts'
import { errorName, errorToData, OtherTabActiveError } from '../core/errors.ts'
import { deferred } from './deferred.ts'
import { silentWorkerLogger, type WorkerLogger } from './logger.ts'
import { type NodeAppOptions, startNodeApp } from './node-app.ts'
import type { ExtraHandlers, RpcHandlers } from './rpc/index.ts'
import { methodParams, noParams, parseParams, type Validator } from './rpc/index.ts'
import { markStartup, startupReport, timePhase } from './startup-marks.ts'
import type { DurableStorage } from './storage/index.ts'

/** What the host needs from its surroundings (the entry passes browser ones; tests stubs). */
export interface NodeHostOptions {
  host: NodeStatus['host']
  broadcast: (event: NodeEvent) => void
  /** Opens IDB + OPFS storage (see `openBrowserStorage`). */
  openStorage: () => Promise<DurableStorage>
  /**
   * Starts loading what needs no lock (sql.js WASM, bootstrap.json) before waiting for the storage
   * lock, so the two overlap (issue 12).
   */
  preload?: () => void
  /** Holds the one-writer storage lock for the worker's life; resolves when it is held. */
  acquireStorageLock: (onWaiting: () => void) => Promise<void>
  storageManager?: Pick<StorageManager, 'persisted'> & { persist?: () => Promise<boolean> }
  /** Extra handlers given the open storage (the test harness); none in production. */
  extraHandlers?: (storage: () => Promise<DurableStorage>) => ExtraHandlers
  /** Starts the application over the open storage; default node-app.ts (tests pass a stub). */
  startApp?: (opts: NodeAppOptions) => Promise<NodeService>
  /** The app's origin (bootstrap.json, local-dev detection); default the worker's location. */
  origin?: string
  logger?: WorkerLogger
}

/** The node as the entry sees it. */
export interface NodeHost {
  readonly handlers: RpcHandlers
  readonly extraHandlers: ExtraHandlers
  /** The durability barrier for every RPC answer and event. */
  barrier(): Promise<void>
  /** Opens the node once; later calls return the same promise. Never rejects. */
  start(): Promise<void>
  /** The current status. */
  status(): NodeStatus
}

/** Builds the host; cheap and synchronous (nothing loads until `start`). */
export function createNodeHost(opts: NodeHostOptions): NodeHost {
  const log = opts.logger ?? silentWorkerLogger
  let status: NodeStatus = { phase: 'starting', storage_persisted: false, connections: 0, host: opts.host }
  let storage: DurableStorage | undefined
  let starting: Promise<void> | undefined
  const opened = deferred<DurableStorage>()
  opened.promise.catch(() => {})
  const app = deferred<NodeService>()
  app.promise.catch(() => {})
  // The service once it can read the stored feed (identity loaded), before it is "ready".
  const readable = deferred<NodeService>()
  readable.promise.catch(() => {})
  app.promise.then(readable.resolve, readable.reject)
  const firstPage = deferred<void>()
  let storageWarning: string | undefined

  const setStatus = (next: Partial<NodeStatus>): void => {
    status = { ...status, ...next }
    opts.broadcast({ type: 'status', status })
  }

  const askPersisted = async (): Promise<boolean> => {
    try {
      return (await opts.storageManager?.persisted()) ?? false
    } catch {
      persistedNow = undefined
      return false
    }
  }
  // Asked once, at the start, and again after a request for persistence (issue 12): a round trip
  // to the browser in every status put two of them on the path to "ready" and one in every
  // `node.status`. Only a granted persist() changes the answer while the node runs.
  let persistedNow: Promise<boolean> | undefined
  const persisted = (): Promise<boolean> => {
    persistedNow ??= askPersisted()
    return persistedNow
  }
  const askPersistence = async (): Promise<boolean> => {
    try {
      return (await opts.storageManager?.persist?.()) ?? false
    } finally {
      persistedNow = undefined
    }
  }

  const open = async (): Promise<void> => {
    opts.preload?.()
    void persisted()
    await opts.acquireStorageLock(() => {
      setStatus({
        phase: 'failed',
        error: statusError(
          new OtherTabActiveError('another distsoc node holds this profile’s storage; waiting'),
        ),
      })
    })
    markStartup('lock-held')
    setStatus({ phase: 'starting', error: undefined })
    const s = await opts.openStorage()
    markStartup('storage-open')
    storage = s
    opened.resolve(s)
    const warning = s.report.warnings.length > 0 ? s.report.warnings.join('; ') : undefined
    storageWarning = warning === undefined ? undefined : `CorruptStorageError: recovered: ${warning}`
    const service = await (opts.startApp ?? startNodeApp)({
      driver: s.driver,
      host: opts.host,
      emit: (event) =>
        opts.broadcast(
          event.type === 'status' ? { type: 'status', status: withStorage(event.status) } : event,
        ),
      persistence: { persisted, persist: askPersistence },
      logger: log,
      origin: opts.origin ?? self.location.origin,
      onReadable: (service) => readable.resolve(service),
      firstPageAnswered: firstPage.promise,
    })
    app.resolve(service)
    markStartup('app-ready')
    status = withStorage(await service.status())
    opts.broadcast({ type: 'status', status })
  }

  const withStorage = (s: NodeStatus): NodeStatus =>
    storageWarning === undefined ? s : { ...s, storage_warning: storageWarning }
  const appHandlers = Object.fromEntries(
    (Object.keys(methodParams) as RpcMethod[]).map((method) => [
      method,
      async (params: unknown) => {
        const checked = parseParams(methodParams[method] as Validator<unknown>, params)
        // The feed is read-only and needs only the store and the identity: it answers before "ready".
        const service = await (method === 'feed.page' ? readable.promise : app.promise)
        const run = (): Promise<unknown> =>
          (service.handlers[method] as (p: unknown) => Promise<unknown>)(checked)
        if (method !== 'feed.page') return run()
        try {
          const page = await timePhase('first-feed-query', run)
          markStartup('first-feed-page')
          return page
        } finally {
          firstPage.resolve()
        }
      },
    ]),
  ) as RpcHandlers

  const handlers: RpcHandlers = {
    ...appHandlers,
    'node.status': async (params) => {
      parseParams(noParams, params)
      const service = storage === undefined ? undefined : await app.promise.catch(() => undefined)
      if (service !== undefined) status = withStorage(await service.status())
      if (status.phase === 'ready') markStartup('ready-answered')
      return status
    },
    // The start-up breakdown rides along with the network's diagnostics (issue 12).
    'network.diagnostics': async (params) => ({
      ...(await appHandlers['network.diagnostics']?.(params)),
      startup: startupReport(),
    }),
    'node.requestPersistence': async (params) => {
      parseParams(noParams, params)
      // persist() exists on Window only; the RPC client asks in the tab first, then calls this.
      if (typeof opts.storageManager?.persist === 'function') await askPersistence()
      persistedNow = undefined
      const now = await persisted()
      setStatus({ storage_persisted: now })
      return { persisted: now }
    },
  }

  return {
    handlers,
    extraHandlers: opts.extraHandlers?.(() => opened.promise) ?? {},
    barrier: () => storage?.driver.flush() ?? Promise.resolve(),
    status: () => status,
    start() {
      starting ??= open().catch((err: unknown) => {
        log.error('node.start-failed', { error: errorName(err) })
        opened.reject(err)
        readable.reject(err)
        app.reject(err)
        setStatus({ phase: 'failed', error: statusError(err) })
      })
      return starting
    },
  }
}

/** `Name: message`, the form `NodeStatus.error` uses so a tab can match the name. */
function statusError(err: unknown): string {
  const data = errorToData(err)
  return `${data.name}: ${data.message}`
}
