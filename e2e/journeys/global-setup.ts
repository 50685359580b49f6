/**
 * Global setup of the journeys (issue "End-to-end"): runs after `webServer` built and serves the
 * app, starts a real relay anchor as a child process (`npm run anchor -- --json`), writes
 * `<outDir>/bootstrap.json` pointing at it (it is the default anchor) and hands its address to the
 * tests through `process.env` (see `journey-env.ts`). Returns the teardown: SIGTERM the anchor.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnAnchor } from '../../relay-anchor/src/test-support.ts'
import { ENV_KEY, type JourneyEnv } from './journey-env.ts'
import { WORKER_URL_KEY } from './rpc-door.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The hashed URL of the node's worker bundle in the build (the app's `new SharedWorker(...)`). */
export function findWorkerUrl(outDir: string): string {
  const assets = join(outDir, 'assets')
  for (const file of readdirSync(assets)) {
    if (!file.endsWith('.js')) continue
    const text = readFileSync(join(assets, file), 'utf8')
    // minified or not (BENCH_NO_MINIFY keeps whitespace and vite's comments)
    const workerConstructor =
      /new [\w$]+\(\s*new URL\(\s*(?:\/\*[^*]*\*\/\s*)?"([^"]+)",\s*import\.meta\.url\s*\),\s*\{\s*type:\s*"module",\s*name(:\s*[a-zA-Z_$]|\s*\})/
    const hit = workerConstructor.exec(text)
    if (hit?.[1] !== undefined) return hit[1]
  }
  throw new Error(`no SharedWorker bundle found in ${assets}`)
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const outDir = resolve(root, process.env.E2E_OUT_DIR ?? 'dist')
  const dataDir = mkdtempSync(join(tmpdir(), 'distsoc-e2e-anchor-'))
  const anchor = await spawnAnchor(['--port', '0', '--data', dataDir, '--log-level', 'warn'], 'node', root)
  const addr = anchor.ready.multiaddrs[0]
  if (addr === undefined) throw new Error('the anchor printed no multiaddr')
  writeFileSync(
    join(outDir, 'bootstrap.json'),
    JSON.stringify({ anchors: [{ addr, default: true }], default: { addr } }, null, 2),
  )
  const env: JourneyEnv = { anchor: anchor.ready, dataDir, outDir, workerUrl: findWorkerUrl(outDir) }
  process.env[ENV_KEY] = JSON.stringify(env)
  process.env[WORKER_URL_KEY] = env.workerUrl
  return async () => {
    anchor.signal('SIGTERM')
    await Promise.race([anchor.exited, new Promise((r) => setTimeout(r, 10_000))])
    rmSync(dataDir, { recursive: true, force: true })
  }
}
