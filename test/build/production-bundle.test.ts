/**
 * Issue 10: a production build ships no harness RPC methods. Builds the app as `npm run build` does
 * (the real vite.config.ts, no DISTSOC_E2E_HARNESS; source maps off to save time) into a temp dir
 * and greps every emitted script for the harness method names.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { HARNESS_WORKER_NAME, harnessHandlers } from '../../src/worker/harness-handlers.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = mkdtempSync(join(tmpdir(), 'distsoc-prod-build-'))

function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('production build', () => {
  it('has no harness method names in the built worker bundle', { timeout: 240_000 }, async () => {
    const saved = process.env.DISTSOC_E2E_HARNESS
    delete process.env.DISTSOC_E2E_HARNESS
    try {
      await build({
        root,
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir, emptyOutDir: true, sourcemap: false },
      })
    } finally {
      if (saved !== undefined) process.env.DISTSOC_E2E_HARNESS = saved
    }
    const names = Object.keys(harnessHandlers(() => Promise.reject(new Error('unused'))))
    expect(names).toContain('harness.dump')
    const bundles = scripts(outDir)
    // The worker bundle is the one that speaks /distsoc/sync; without it the grep would prove nothing.
    const worker = bundles.filter((js) => js.includes('/distsoc/sync/'))
    expect(worker.length).toBeGreaterThan(0)
    for (const js of bundles) {
      for (const name of [...names, HARNESS_WORKER_NAME, 'harness_kv']) expect(js).not.toContain(name)
    }
  })
})
