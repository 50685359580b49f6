/**
 * Entry of the page (docs/design.md §1, §8): connects to the node over the typed RPC client
 * (`src/ui/rpc/`), shows the app shell, and in production registers the service worker. The
 * connection comes first and the shell's code is imported after it (issue 12): the worker — and
 * with it the storage open — starts while the page's components still load, instead of after.
 */
import { registerServiceWorker } from './pwa/index.ts'
import { connectToNode, type RpcClient } from './rpc/index.ts'
// deep import: the entry runs before the worker is created; the index would pull every controller in
import { prefetchFirstPage } from './state/first-page.ts'

async function boot(): Promise<void> {
  const connecting: Promise<RpcClient> = connectToNode()
  // The node answers the feed's first page before it is "ready"; ask while the shell loads.
  connecting.then(prefetchFirstPage, () => {})
  await import('./components/index.ts')
  const app = document.querySelector('ds-app')
  if (app === null) return
  if (import.meta.env.PROD) {
    registerServiceWorker((reload) =>
      app.toast({ message: 'A new version of distsoc is ready.', action: { label: 'Reload', run: reload } }),
    ).catch(() => app.toast({ message: 'Offline start is not available in this browser.', kind: 'info' }))
  }
  try {
    app.client = await connecting
  } catch (err) {
    app.bootError = err instanceof Error ? err.message : 'Could not reach the node.'
  }
}

void boot()
