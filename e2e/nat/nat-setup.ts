/**
 * Global setup of the NAT tests: checks that namespaces and iptables NAT work here, builds the app
 * into a private directory, and hands its location to the tests. The teardown removes any dsnat-*
 * namespace left behind, whatever happened.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findWorkerUrl } from '../journeys/global-setup.ts'
import { WORKER_URL_KEY } from '../journeys/rpc-door.ts'
import { netns } from './nat-world.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Where the tests find the build (set by this setup). */
export const NAT_ENV_KEY = 'DISTSOC_NAT_ENV'

export default async function natSetup(): Promise<() => Promise<void>> {
  netns('check')
  netns('down')
  // DISTSOC_NAT_PREBUILT=<dir> reuses a build (while working on these tests)
  const prebuilt = process.env.DISTSOC_NAT_PREBUILT
  const outDir = prebuilt ?? mkdtempSync(join(tmpdir(), 'distsoc-nat-app-'))
  if (prebuilt === undefined) {
    execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
      cwd: root,
      stdio: 'pipe',
      timeout: 300_000,
    })
  }
  const workerUrl = findWorkerUrl(outDir)
  process.env[NAT_ENV_KEY] = JSON.stringify({ outDir, workerUrl })
  process.env[WORKER_URL_KEY] = workerUrl
  return async () => {
    netns('down')
    if (prebuilt === undefined) rmSync(outDir, { recursive: true, force: true })
  }
}
