/**
 * Browser-like distsoc nodes in Node for integration tests: the real NodeService on a real sql.js
 * store and a real libp2p node (WebSockets to the anchor, circuit relay), against a real anchor.
 */
import { webSockets } from '@libp2p/websockets'
import initSqlJs from 'sql.js'
import type { NodeEvent, RpcMethod, RpcParams, RpcResult } from '../../src/core/api/index.ts'
import { createNodeService, type NodeService } from '../../src/core/app/node-service.ts'
import { memorySecretWrapper } from '../../src/core/app/test-support/memory-secret-wrapper.ts'
import { randomBytes } from '../../src/core/crypto/index.ts'
import { createDistsocLibp2p, silentLogger } from '../../src/core/net/index.ts'
import { createSqlJsDriver, openStore, type Store } from '../../src/core/storage/index.ts'

/** One user's node. */
export interface TestUser {
  name: string
  service: NodeService
  store: Store
  events: NodeEvent[]
  call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
  /** The database's bytes now, to reopen the user later (`startUser(name, anchors, { database })`). */
  database(): Uint8Array
  stop(): Promise<void>
}

const SQL = await initSqlJs()
/** Each user's device key, so a reopened database still unwraps its seed. */
const deviceKeys = new Map<string, Uint8Array>()

/** Opens (or reopens, with `bytes` of an earlier database) a user's node against `anchors`. */
export async function startUser(
  name: string,
  anchors: string[],
  options: { database?: Uint8Array; maintainEveryMs?: number; listen?: string[] } = {},
): Promise<TestUser> {
  const db = new SQL.Database(options.database)
  const store = openStore(createSqlJsDriver(db))
  const events: NodeEvent[] = []
  const service = createNodeService({
    store,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [], ...(anchors[0] === undefined ? {} : { defaultAnchor: anchors[0] }) },
    emit: (e) => events.push(e),
    secrets: memorySecretWrapper(deviceKeys.get(name) ?? deviceKeys.set(name, randomBytes(32)).get(name)),
    host: 'dedicated-worker',
    persistence: { persisted: async () => true, persist: async () => true },
    exportCost: { log2N: 10, r: 8, p: 1 },
    networkTimings: { maintainEveryMs: options.maintainEveryMs ?? 1000 },
    createLibp2p: (privateKey) =>
      createDistsocLibp2p({
        privateKey,
        transports: [webSockets()],
        listen: ['/p2p-circuit', ...(options.listen ?? [])],
      }),
  })
  await service.start()
  return {
    name,
    service,
    store,
    events,
    call: (method, params) => service.handlers[method](params),
    database: () => db.export(),
    async stop() {
      await service.stop()
    },
  }
}

/**
 * Waits until `user` holds a relay reservation (a circuit address): before it, the anchor answers
 * a locate for them with "not found", and a follow's reach attempts are spent for 30 s.
 */
export async function reachable(user: TestUser, ms = 15_000): Promise<void> {
  await eventually(
    () =>
      (user.service.network()?.libp2p.getMultiaddrs() ?? []).some((m) =>
        m.toString().includes('/p2p-circuit'),
      ),
    ms,
  )
}

/** Polls until `check` is true, at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`not true within ${ms} ms`)
}
