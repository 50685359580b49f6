/**
 * A typed RPC side door into a user's node from a page: a second port on the same SharedWorker
 * the app uses (same bundle URL and name), speaking the RpcFrame protocol of src/core/api.
 * Free of @playwright/test so benchmarks (playwright-core) can use it too.
 */
import type { Page } from 'playwright-core'
import type { RpcMethod, RpcParams, RpcResult } from '../../src/core/api/index.ts'

/** Where every test setup (journeys, NAT) puts the served build's worker bundle URL. */
export const WORKER_URL_KEY = 'DISTSOC_E2E_WORKER_URL'

/** The worker bundle URL the running test setup wrote; throws if no setup did. */
export function appWorkerUrl(): string {
  const url = process.env[WORKER_URL_KEY]
  if (url === undefined) throw new Error(`${WORKER_URL_KEY} is not set: run through a Playwright config`)
  return url
}

/** Calls `method` on the node behind `page`; `workerUrl` is the app's worker bundle (journeyEnv). */
export async function rpcDoor<M extends RpcMethod>(
  page: Pick<Page, 'evaluate'>,
  workerUrl: string,
  method: M,
  params: RpcParams<M>,
): Promise<RpcResult<M>> {
  return page.evaluate(
    async ([url, m, p]) => {
      type Door = { port: MessagePort; next: number }
      const w = window as unknown as { __journeyRpc?: Door }
      if (w.__journeyRpc === undefined) {
        const worker = new SharedWorker(url, { type: 'module', name: 'distsoc' })
        worker.port.start()
        w.__journeyRpc = { port: worker.port, next: 1_000_000 }
      }
      const door = w.__journeyRpc
      const id = door.next++
      return new Promise<unknown>((resolve, reject) => {
        const onMessage = (ev: MessageEvent): void => {
          const f = ev.data as {
            type?: string
            id?: number
            ok?: boolean
            result?: unknown
            error?: { name: string; message: string }
          }
          if (f.type !== 'response' || f.id !== id) return
          door.port.removeEventListener('message', onMessage)
          if (f.ok === true) resolve(f.result)
          else reject(new Error(`${f.error?.name}: ${f.error?.message}`))
        }
        door.port.addEventListener('message', onMessage)
        door.port.postMessage({ type: 'request', id, method: m, params: p })
      })
    },
    [workerUrl, method, params] as const,
  ) as Promise<RpcResult<M>>
}
