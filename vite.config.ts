import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { serviceWorkerPlugin } from './scripts/build-sw.mjs'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Test-only pages (`e2e/browser/*-harness.html`, `e2e/ui/*-harness.html`), built only for the Playwright run (DISTSOC_E2E_HARNESS=1). */
function harnessPages(): Record<string, string> {
  if (process.env.DISTSOC_E2E_HARNESS !== '1') return {}
  // e2e/ui holds the UI's harness over a fake node (issue "The app").
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
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
})
