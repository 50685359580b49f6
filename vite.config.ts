import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { serviceWorkerPlugin } from './scripts/build-sw.mjs'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Test-only pages (`e2e/browser/*-harness.html`, `e2e/ui/*-harness.html`), built only for the Playwright run (DISTSOC_E2E_HARNESS=1). */
function harnessPages(): Record<string, string> {
  if (process.env.DISTSOC_E2E_HARNESS !== '1') return {}
  // e2e/ui holds the UI harness: the real node in the page (issue 17).
  const dirs = [`${root}e2e/browser/`, `${root}e2e/ui/`]
  const pages = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('-harness.html'))
      .map((f) => [f.replace(/\.html$/, ''), `${dir}${f}`] as const),
  )
  return Object.fromEntries(pages)
}

/** Build-time switches of src/worker/build-flags.ts: harness RPC methods only in DISTSOC_E2E_HARNESS=1 builds. */
export function buildDefines(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { __DISTSOC_HARNESS__: JSON.stringify(env.DISTSOC_E2E_HARNESS === '1') }
}

export default defineConfig({
  // A private dependency cache (e2e/start/dev-server.spec.ts starts from a cold one).
  cacheDir: process.env.DISTSOC_VITE_CACHE_DIR ?? 'node_modules/.vite',
  // The Workbox service worker is written after the bundle (issue "The app", PWA).
  plugins: [serviceWorkerPlugin()],
  define: buildDefines(),
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { input: { main: `${root}index.html`, ...harnessPages() } },
  },
  worker: {
    format: 'es',
  },
  // The dev server's dependency scan starts from the page and the worker, so a cold start does
  // not find the worker's dependencies late and re-optimise (a page reload) while the node loads.
  optimizeDeps: { entries: ['index.html', 'src/worker/main.ts', 'src/worker/serve-node.ts'] },
  server: { host: '127.0.0.1', port: Number(process.env.DISTSOC_APP_PORT ?? 5173), strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
})
