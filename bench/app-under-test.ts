/**
 * The built app served by `vite preview` with a `bootstrap.json` naming one anchor, and a person
 * (one browser context) who went through the first-run setup, for the end-to-end benches.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build, type PreviewServer, preview } from 'vite'
import { findWorkerUrl } from '../e2e/journeys/global-setup.ts'
import { rpcDoor } from '../e2e/journeys/rpc-door.ts'
import type { RpcMethod, RpcParams, RpcResult } from '../src/core/api/index.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

/** A production build of the app. */
export interface BuiltApp {
  outDir: string
  workerUrl: string
  remove(): Promise<void>
}

/** Builds the app once into a temp dir (no test harness); `BENCH_NO_MINIFY=1` does not minify (readable profiles). */
export async function buildApp(): Promise<BuiltApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'distsoc-bench-app-'))
  const harness = process.env.DISTSOC_E2E_HARNESS
  delete process.env.DISTSOC_E2E_HARNESS
  try {
    const minify = process.env.BENCH_NO_MINIFY === '1' ? { minify: false } : {}
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, ...minify } })
  } finally {
    if (harness !== undefined) process.env.DISTSOC_E2E_HARNESS = harness
  }
  return {
    outDir,
    workerUrl: findWorkerUrl(outDir),
    remove: () => rm(outDir, { recursive: true, force: true }),
  }
}

/** Serves `app` with `anchorAddr` as its one default anchor; resolves with the base URL. */
export async function serveApp(
  app: BuiltApp,
  anchorAddr: string,
): Promise<{ url: string; close(): Promise<void> }> {
  await writeFile(
    join(app.outDir, 'bootstrap.json'),
    JSON.stringify({ anchors: [{ addr: anchorAddr, default: true }], default: { addr: anchorAddr } }),
  )
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    build: { outDir: app.outDir },
    preview: { port: 0, host: '127.0.0.1' },
  })
  const url = server.resolvedUrls?.local[0]
  const close = () => new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  if (url === undefined) {
    await close()
    throw new Error('vite preview did not report its address')
  }
  return { url, close }
}

/** A user of the app: their page and a typed RPC door into their node. */
export interface Person {
  page: Page
  context: BrowserContext
  call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
}

/** Opens the app in a fresh context and creates an identity named `name`. */
export async function person(
  browser: Browser,
  url: string,
  workerUrl: string,
  name: string,
): Promise<Person> {
  const context = await browser.newContext({ baseURL: url, serviceWorkers: 'block' })
  // tsx's keepNames wraps functions passed to page.evaluate in a `__name` helper the page lacks
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  await page.goto('/')
  const dialog = page.getByRole('dialog', { name: 'Welcome to distsoc' })
  await dialog.waitFor({ timeout: 30_000 })
  await dialog.getByLabel('Display name (required)').fill(name)
  await dialog.getByRole('button', { name: 'Create my identity' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 })
  return { page, context, call: (method, params) => rpcDoor(page, workerUrl, method, params) }
}

/**
 * Records, from the page's first moment, when the first post card of the feed has rendered (a
 * passive requestAnimationFrame check: it opens no port, so the app's start is not changed).
 * Call before `page.goto`; `firstFeedPaint` reads the time.
 */
export async function watchFirstFeedPaint(page: Page): Promise<void> {
  // A string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
  await page.addInitScript(`(() => {
    const check = () => {
      const feed = document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-feed-view')
      if (feed?.shadowRoot?.querySelector('ds-post-card')?.shadowRoot?.querySelector('article'))
        window.__dsFirstCard = performance.now()
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })()`)
}

/**
 * Milliseconds from navigation start until the first post card of the feed has rendered: the time
 * `watchFirstFeedPaint` recorded, or (without it) the first check from here that finds the card.
 */
export async function firstFeedPaint(page: Page): Promise<number> {
  return (await page.evaluate(`new Promise((resolve) => {
    const check = () => {
      if (window.__dsFirstCard !== undefined) return resolve(window.__dsFirstCard)
      const feed = document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-feed-view')
      if (feed?.shadowRoot?.querySelector('ds-post-card')?.shadowRoot?.querySelector('article')) resolve(performance.now())
      else requestAnimationFrame(check)
    }
    check()
  })`)) as number
}

/** Polls `check` every `every` ms until it is true; throws after `ms`. */
export async function until(check: () => Promise<boolean>, ms: number, every = 50): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, every))
  }
  throw new Error(`not within ${ms} ms`)
}

/** The median of `xs` (NaN for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}
