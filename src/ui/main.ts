/**
 * Entry of the page (docs/design.md §1, §8): shows the app shell, connects to the node over the typed RPC
 * client (`src/ui/rpc/`), and in production registers the service worker.
 */
import './components/index.ts'
import type { DsApp } from './components/index.ts'
import { registerServiceWorker } from './pwa/index.ts'
import { connectToNode } from './rpc/index.ts'

async function boot(): Promise<void> {
  const app = document.querySelector('ds-app') as DsApp | null
  if (app === null) return
  if (import.meta.env.PROD) {
    registerServiceWorker((reload) =>
      app.toast({ message: 'A new version of distsoc is ready.', action: { label: 'Reload', run: reload } }),
    ).catch(() => app.toast({ message: 'Offline start is not available in this browser.', kind: 'info' }))
  }
  try {
    app.client = await connectToNode()
  } catch (err) {
    app.bootError = err instanceof Error ? err.message : 'Could not reach the node.'
  }
}

void boot()
