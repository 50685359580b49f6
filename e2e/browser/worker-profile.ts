/**
 * Browser profiles for the worker tests: a Playwright persistent context (closed gracefully), and a
 * raw Debian Chromium on a profile directory driven over CDP, which a test can SIGKILL mid-write.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test'
import { chromiumArgs, chromiumPath, launchOptions } from '../chromium.ts'

export const HARNESS = '/e2e/browser/worker-harness.html'

/** A fresh, empty profile directory. */
export function freshProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'distsoc-worker-'))
}

/** Opens a persistent context on `dir` (storage survives closing it). */
export function openProfile(dir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { ...launchOptions, baseURL })
}

/** Opens the harness page in `context` (without connecting to the node). */
export async function openHarness(context: BrowserContext, baseURL: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (err) => console.log(`[page] ${err.message}`))
  await page.goto(new URL(HARNESS, baseURL).href)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'harness ready')
  return page
}

/** A Chromium process on `dir` that the test may kill with SIGKILL. */
export interface KillableBrowser {
  browser: Browser
  context: BrowserContext
  kill(): Promise<void>
}

/** Starts Debian Chromium itself on `dir` and connects over CDP. */
export async function launchKillable(dir: string): Promise<KillableBrowser> {
  const proc: ChildProcess = spawn(
    chromiumPath,
    ['--headless', ...chromiumArgs, `--user-data-dir=${dir}`, '--remote-debugging-port=0', 'about:blank'],
    // Its own process group, so a kill takes the whole browser (storage service included) at once.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  )
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let err = ''
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 20_000)
    proc.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err)
      if (m?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    proc.on('exit', (code) => reject(new Error(`chromium exited ${code}: ${err}`)))
  })
  const browser = await chromium.connectOverCDP(wsUrl)
  const context = browser.contexts()[0]
  if (context === undefined) throw new Error('no default context')
  return {
    browser,
    context,
    /**
     * Kills every process of the browser, as a crash of the app does, and returns once all are
     * gone: a storage process outliving its browser must not share the profile with the next one.
     */
    async kill() {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
      const group = -(proc.pid ?? 0)
      try {
        process.kill(group, 'SIGKILL')
      } catch {
        proc.kill('SIGKILL')
      }
      await exited
      for (let i = 0; i < 200 && groupAlive(group); i++) await new Promise((r) => setTimeout(r, 25))
      await browser.close().catch(() => {})
    },
  }
}

/** Whether any process of the group `-pgid` is still alive. */
function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0)
    return true
  } catch {
    return false
  }
}
