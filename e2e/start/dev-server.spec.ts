/**
 * A fresh clone's first `npm start` (issue 9): with an empty Vite dependency cache (as with
 * `node_modules/.vite` removed), the dev server and anchor start, and a headless Chromium that
 * opens the printed URL at once reaches the first-run dialog.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'

const root = fileURLToPath(new URL('../..', import.meta.url))
const appPort = Number(process.env.E2E_PORT ?? 4310) + 3

test.use({ serviceWorkers: 'block' })

/** Resolves with the first capture of `pattern` on the child's stdout; rejects on exit or timeout. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)),
      timeoutMs,
    )
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      const hit = pattern.exec(line)?.[1]
      if (hit === undefined) return
      clearTimeout(timer)
      resolve(hit)
    })
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing the app URL`)))
  })
}

/** SIGTERM to the process group (start.mjs stops its children), SIGKILL after 15 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), s)
    } catch {
      // already gone
    }
  }
  signal('SIGTERM')
  const killer = setTimeout(() => signal('SIGKILL'), 15_000)
  await exited
  clearTimeout(killer)
}

test('from a cold dependency cache, npm start serves an app that reaches the first-run dialog', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const cacheDir = mkdtempSync(join(tmpdir(), 'distsoc-vite-cold-'))
  const child = spawn('node', ['scripts/start.mjs'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DISTSOC_VITE_CACHE_DIR: cacheDir, DISTSOC_APP_PORT: String(appPort) },
  })
  try {
    const url = await waitForLine(child, /^app\s+(http:\/\/\S+)/, 120_000)
    const opened = Date.now()
    await page.goto(url)
    await expect(page.getByRole('dialog', { name: 'Welcome to distsoc' })).toBeVisible({ timeout: 90_000 })
    const ms = Date.now() - opened
    test.info().annotations.push({ type: 'first-run dialog after', description: `${ms} ms` })
    console.log(`dev server, cold dependency cache: first-run dialog ${ms} ms after opening ${url}`)
    await expect(page.getByText('distsoc could not start')).toHaveCount(0)
  } finally {
    await stopGroup(child)
    rmSync(cacheDir, { recursive: true, force: true })
  }
})
