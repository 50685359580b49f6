import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Test-only pages (`e2e/browser/*-harness.html`), built only for the Playwright run (DISTSOC_E2E_HARNESS=1). */
function harnessPages(): Record<string, string> {
  if (process.env.DISTSOC_E2E_HARNESS !== '1') return {}
  const dir = `${root}e2e/browser/`
  const pages = readdirSync(dir).filter((f) => f.endsWith('-harness.html'))
  return Object.fromEntries(pages.map((f) => [f.replace(/\.html$/, ''), `${dir}${f}`]))
}

export default defineConfig({
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
