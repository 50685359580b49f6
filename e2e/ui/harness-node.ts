/**
 * The node behind the UI harness page (test-only): the worker's own composition — `createNodeHost`
 * (params shape-checked by rpc/method-params.ts), `startNodeApp` (NodeService, libp2p to the
 * anchors of /bootstrap.json), durable sql.js storage, `RpcServer` — run in the page over an
 * in-memory log and snapshots, and reached by the tab's real `RpcClient` over a MessageChannel.
 * Nothing of the node is re-implemented here; only the worker boundary and OPFS/IDB are left out.
 */
import type { NodeEvent, RpcMethod, RpcParams, RpcResult } from '../../src/core/api/index.ts'
import type { NodeService } from '../../src/core/app/node-service.ts'
import { RpcClient } from '../../src/ui/rpc/index.ts'
import { startNodeApp } from '../../src/worker/node-app.ts'
import { createNodeHost } from '../../src/worker/node-host.ts'
import { RpcServer } from '../../src/worker/rpc/server.ts'
import { createMemorySnapshotStore, loadSqlJs, openDurableStorage } from '../../src/worker/storage/index.ts'
import { createMemoryLog } from '../../src/worker/storage/memory-log.ts'

/** One request the UI made, as the node received it. */
export interface RecordedCall {
  method: RpcMethod
  params: unknown
}

/** The running harness node. */
export interface HarnessNode {
  /** The tab's client, unrecorded (for seeding). */
  readonly client: RpcClient
  /** The application inside, for delivering what other people wrote. */
  readonly service: NodeService
  /** A client for the UI that records each call in `calls`. */
  readonly recording: {
    call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
    on(listener: (e: NodeEvent) => void): () => void
  }
  readonly calls: RecordedCall[]
  /**
   * Takes the snapshot the writes so far are due (the node's background work after seeding), so a
   * measurement that starts next sees only what the UI asks for.
   */
  settle(): Promise<void>
}

/** Starts the node in the page and waits until it left `starting`. */
export async function startHarnessNode(): Promise<HarnessNode> {
  let service: NodeService | undefined
  let server: RpcServer | undefined
  let storage: ReturnType<typeof openDurableStorage> | undefined
  const host = createNodeHost({
    host: 'dedicated-worker',
    broadcast: (event) => server?.broadcast(event),
    openStorage: () => {
      storage = openDurableStorage({
        sql: loadSqlJs(),
        log: createMemoryLog(),
        snapshots: createMemorySnapshotStore(),
      })
      return storage
    },
    acquireStorageLock: async () => {},
    storageManager: navigator.storage,
    startApp: async (opts) => {
      service = await startNodeApp(opts)
      return service
    },
    origin: location.origin,
  })
  server = new RpcServer({ handlers: host.handlers, beforeSend: () => host.barrier() })
  const channel = new MessageChannel()
  server.accept(channel.port1)
  const client = RpcClient.over(channel.port2)
  await host.start()
  if (service === undefined) throw new Error(`harness node did not start: ${host.status().error ?? ''}`)
  const calls: RecordedCall[] = []
  return {
    client,
    service,
    calls,
    settle: async () => {
      await (await storage)?.snapshotNow()
    },
    recording: {
      call(method, params) {
        calls.push({ method, params })
        return client.call(method, params)
      },
      on: (listener) => client.on(listener),
    },
  }
}
