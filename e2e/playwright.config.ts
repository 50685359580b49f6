import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { launchOptions } from './chromium.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = Number(process.env.E2E_PORT ?? 4310)
// E2E_OUT_DIR builds into a private directory, so a concurrent `vite build` into dist/ cannot clobber the run.
const outDir = process.env.E2E_OUT_DIR ?? 'dist'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results',
  // After webServer built and serves the app: a real anchor child process and bootstrap.json (e2e/journeys).
  globalSetup: './journeys/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite build --outDir ${outDir} --emptyOutDir && npx vite preview --outDir ${outDir} --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    cwd: root,
    reuseExistingServer: false,
    // Also builds the test-only harness pages of e2e/browser (see vite.config.ts).
    env: { DISTSOC_E2E_HARNESS: '1' },
    // The build alone can take minutes on a loaded 2-core machine.
    timeout: 600_000,
  },
})
