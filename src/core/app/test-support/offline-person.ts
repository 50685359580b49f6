/**
 * Offline people for tests, benches and the UI harness: the real `NodeService` over an in-memory
 * sql.js store, with no network, and the way what one writes reaches another as sync delivers it.
 */
import type { SqlJsStatic } from 'sql.js'
import type { NodeEvent, RpcMethod, RpcParams, RpcResult } from '../../api/index.ts'
import type { ExportCost } from '../../model/index.ts'
import type { Millis, NodeId, PostId, SignedPost, Verified } from '../../model/types.ts'
import { silentLogger } from '../../net/index.ts'
import { createSqlJsDriver, openStore, type Store } from '../../storage/index.ts'
import type { BootstrapConfig } from '../node-context.ts'
import { createNodeService, type NodeService } from '../node-service.ts'
import { nodeSyncDeps } from '../node-sync.ts'
import type { SecretWrapper } from '../secret-wrapper.ts'
import { memorySecretWrapper } from './memory-secret-wrapper.ts'

/** A bootstrap.json anchor and a default anchor on loopback (never dialled: the people are offline). */
export const TEST_BOOTSTRAP = {
  anchors: ['/ip4/127.0.0.1/tcp/4471/ws/p2p/12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK'],
  defaultAnchor: '/ip4/127.0.0.1/tcp/4472/ws/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN',
} as const satisfies BootstrapConfig

/** One person: their node, its store, the events it emitted, and a typed call. */
export interface OfflinePerson {
  readonly name: string
  readonly id: NodeId
  readonly store: Store
  readonly node: NodeService
  readonly events: NodeEvent[]
  call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
}

/** Options of `offlinePerson`; everything has a default. */
export interface OfflinePersonOptions {
  bio?: string
  clock?: { now(): Millis }
  bootstrap?: BootstrapConfig
  exportCost?: ExportCost
  host?: 'shared-worker' | 'dedicated-worker'
}

/** What `offlineNodeService` may be told; everything has a default. */
export interface OfflineNodeOptions {
  clock?: { now(): Millis }
  bootstrap?: BootstrapConfig
  emit?: (event: NodeEvent) => void
  secrets?: SecretWrapper
  host?: 'shared-worker' | 'dedicated-worker'
  exportCost?: ExportCost
}

/** A node service over `store` that never dials out (no anchors), not started. */
export function offlineNodeService(store: Store, opts: OfflineNodeOptions = {}): NodeService {
  return createNodeService({
    store,
    clock: opts.clock ?? { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: opts.bootstrap ?? { anchors: [] },
    emit: opts.emit ?? (() => {}),
    secrets: opts.secrets ?? memorySecretWrapper(),
    host: opts.host ?? 'shared-worker',
    persistence: { persisted: async () => false, persist: async () => false },
    ...(opts.exportCost === undefined ? {} : { exportCost: opts.exportCost }),
  })
}

/** Starts an offline node over a fresh database of `sql` and creates `name`'s identity. */
export async function offlinePerson(
  sql: SqlJsStatic,
  name: string,
  opts: OfflinePersonOptions = {},
): Promise<OfflinePerson> {
  const store = openStore(createSqlJsDriver(new sql.Database()))
  const events: NodeEvent[] = []
  const node = offlineNodeService(store, { ...opts, emit: (e) => events.push(e) })
  await node.start()
  const call = <M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>> =>
    node.handlers[method](params)
  const status = await call('identity.create', { display_name: name, bio: opts.bio ?? '' })
  return { name, id: status.node_id as NodeId, store, node, events, call }
}

/** Delivers `from`'s stored post `id` to `to` the way sync does (admit, decrypt, store, tell the tabs). */
export async function deliverPost(
  from: OfflinePerson,
  to: OfflinePerson,
  id: PostId | string,
): Promise<void> {
  const post = from.store.getPost(id as PostId)!.signed as Verified<SignedPost>
  await nodeSyncDeps(to.node.context).store.putPost(post)
}
