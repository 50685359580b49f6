/**
 * Entry of the page (DESIGN §1, §8): shows the app shell, connects to the node over the typed RPC
 * client (`src/ui/rpc/`), and in production registers the service worker.
 */
import './components/ds-app.ts'
import type { DsApp } from './components/ds-app.ts'
import { registerServiceWorker } from './pwa/register-service-worker.ts'
import type { RpcClient } from './state/node-client.ts'

interface RpcModule {
  connectToNode?: () => Promise<RpcClient>
}

// The RPC client is built by another issue; the glob finds it when it exists and is empty before,
// so the shell still builds and shows a clear message instead of failing to load.
const rpcModules = import.meta.glob<RpcModule>(['./rpc/index.ts', './rpc/client.ts'], { eager: true })

function findConnect(): (() => Promise<RpcClient>) | undefined {
  for (const mod of Object.values(rpcModules)) if (mod.connectToNode !== undefined) return mod.connectToNode
  return undefined
}

async function boot(): Promise<void> {
  const app = document.querySelector('ds-app') as DsApp | null
  if (app === null) return
  if (import.meta.env.PROD) {
    registerServiceWorker((reload) =>
      app.toast({ message: 'A new version of distsoc is ready.', action: { label: 'Reload', run: reload } }),
    ).catch(() => app.toast({ message: 'Offline mode is not available in this browser.', kind: 'info' }))
  }
  const connect = findConnect()
  if (connect === undefined) {
    app.bootError = 'This build has no connection to the node yet.'
    return
  }
  try {
    app.client = await connect()
  } catch (err) {
    app.bootError = err instanceof Error ? err.message : 'Could not reach the node.'
  }
}

void boot()
