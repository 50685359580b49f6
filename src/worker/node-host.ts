/**
 * The seam between the worker's plumbing and the application (DESIGN §1): owns the node's
 * lifecycle — storage lock, durable storage, status — and the RPC handler table. The identity
 * lives here, in the worker's database, and is never sent to a tab (DESIGN §3).
 *
 * TODO(app): when `src/core/app/` exports the `NodeService` (the RPC methods over a `Store`), build
 * it in `open()` from `storage.driver` (`openStore(driver)` runs the migrations) and spread its
 * handlers into `handlers` behind `whenOpen`; it then owns `identity.*` and the real identity
 * check that `readNodeId` stands in for.
 */
import type { NodeEvent } from '../core/api/rpc.ts'
import type { NodeStatus } from '../core/api/views.ts'
import { errorToData, OtherTabActiveError } from '../core/errors.ts'
import type { NodeId } from '../core/model/types.ts'
import type { SqlDriver } from '../core/storage/index.ts'
import { deferred } from './deferred.ts'
import { silentWorkerLogger, type WorkerLogger } from './logger.ts'
import type { ExtraHandlers, RpcHandlers } from './rpc/server.ts'
import { noParams, parseParams } from './rpc/validate.ts'
import type { DurableStorage } from './storage/index.ts'

/** What the host needs from its surroundings (the entry passes browser ones; tests stubs). */
export interface NodeHostOptions {
  host: NodeStatus['host']
  broadcast: (event: NodeEvent) => void
  /** Opens IDB + OPFS storage (see `openBrowserStorage`). */
  openStorage: () => Promise<DurableStorage>
  /** Holds the one-writer storage lock for the worker's life; resolves when it is held. */
  acquireStorageLock: (onWaiting: () => void) => Promise<void>
  storageManager?: Pick<StorageManager, 'persisted'> & { persist?: () => Promise<boolean> }
  /** Extra handlers given the open storage (the test harness); none in production. */
  extraHandlers?: (storage: () => Promise<DurableStorage>) => ExtraHandlers
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

  const setStatus = (next: Partial<NodeStatus>): void => {
    status = { ...status, ...next }
    opts.broadcast({ type: 'status', status })
  }

  const persisted = async (): Promise<boolean> => {
    try {
      return (await opts.storageManager?.persisted()) ?? false
    } catch {
      return false
    }
  }

  const open = async (): Promise<void> => {
    await opts.acquireStorageLock(() => {
      setStatus({
        phase: 'failed',
        error: statusError(
          new OtherTabActiveError('another distsoc node holds this profile’s storage; waiting'),
        ),
      })
    })
    setStatus({ phase: 'starting', error: undefined })
    const s = await opts.openStorage()
    storage = s
    opened.resolve(s)
    const warning = s.report.warnings.length > 0 ? s.report.warnings.join('; ') : undefined
    const nodeId = readNodeId(s.driver)
    setStatus({
      phase: nodeId === undefined ? 'needs-setup' : 'ready',
      node_id: nodeId,
      storage_persisted: await persisted(),
      storage_warning: warning === undefined ? undefined : `CorruptStorageError: recovered: ${warning}`,
    })
  }

  const handlers: RpcHandlers = {
    'node.status': async (params) => {
      parseParams(noParams, params)
      return status
    },
    'node.requestPersistence': async (params) => {
      parseParams(noParams, params)
      // persist() exists on Window only; the RPC client asks in the tab first, then calls this.
      if (typeof opts.storageManager?.persist === 'function') await opts.storageManager.persist()
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
        log.error('node.start-failed', { error: err instanceof Error ? err.name : 'unknown' })
        opened.reject(err)
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

/** Stand-in identity check until the app layer lands: the NodeId kept in `settings`, if any. */
function readNodeId(db: SqlDriver): NodeId | undefined {
  const table = db.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [
    'settings',
  ])
  if (table === undefined) return undefined
  const row = db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', ['node_id'])
  if (row === undefined) return undefined
  try {
    const value: unknown = JSON.parse(row.value)
    return typeof value === 'string' ? (value as NodeId) : undefined
  } catch {
    return undefined
  }
}
