/**
 * Users of the journeys (issue "End-to-end"): one browser context per user — its own storage, so
 * its own SharedWorker node — driven through the real UI by role and label, plus a typed RPC
 * side door into the same node for checks a screen cannot prove (what is in the database).
 */
import {
  type Browser,
  type BrowserContext,
  chromium,
  expect,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test'
import type { RpcMethod, RpcParams, RpcResult } from '../../src/core/api/index.ts'
import type { Outcome } from '../browser/worker-harness.ts'
import { launchOptions } from '../chromium.ts'
import { appWorkerUrl, rpcDoor } from './rpc-door.ts'

/** Where `vite preview` serves the app (same as the config's baseURL). */
export const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4310)}`

/** One person with their own browser profile. */
export interface User {
  name: string
  context: BrowserContext
  page: Page
  /** Closes the context (the node stops with its last tab); persistent users can come back. */
  close(): Promise<void>
}

/** A user in a fresh context of the shared browser (storage lives as long as the context). */
export async function newUser(browser: Browser, name: string): Promise<User> {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' })
  const page = await context.newPage()
  return { name, context, page, close: () => context.close() }
}

/** A user whose profile lives in `dir`, so they can close everything and come back later. */
export async function persistentUser(
  dir: string,
  name: string,
  serviceWorkers: 'allow' | 'block' = 'block',
): Promise<User> {
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, baseURL, serviceWorkers })
  const page = context.pages()[0] ?? (await context.newPage())
  return { name, context, page, close: () => context.close() }
}

/** Saves a screenshot of every user's page when the test failed (contexts made by hand are not traced). */
export async function keepScreensOnFailure(testInfo: TestInfo, users: readonly User[]): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return
  for (const u of users) {
    if (u.page.isClosed()) continue
    const body = await u.page.screenshot({ fullPage: true }).catch(() => undefined)
    if (body !== undefined) await testInfo.attach(`${u.name}.png`, { body, contentType: 'image/png' })
  }
}

/** Calls the user's node over a second port of the same SharedWorker the app uses. */
export function rpc<M extends RpcMethod>(page: Page, method: M, params: RpcParams<M>): Promise<RpcResult<M>> {
  return rpcDoor(page, appWorkerUrl(), method, params)
}

/** Opens a tab of the app by its accessible name. */
export async function openTab(
  page: Page,
  name: 'Feed' | 'My Posts' | 'People' | 'Messages' | 'Settings',
): Promise<void> {
  await page.getByRole('tab', { name }).click()
}

/** First run through the real setup overlay: a display name, then the Feed tab. */
export async function onboard(page: Page, name: string, bio = ''): Promise<void> {
  await page.goto('/')
  const dialog = page.getByRole('dialog', { name: 'Welcome to distsoc' })
  await expect(dialog).toBeVisible({ timeout: 30_000 })
  await dialog.getByLabel('Display name (required)').fill(name)
  if (bio !== '') await dialog.getByLabel('Bio (optional)').fill(bio)
  await dialog.getByRole('button', { name: 'Create my identity' }).click()
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  await expect(page.getByRole('tab', { name: 'Feed' })).toBeVisible()
}

/** The user's connect string, as People shows it. */
export async function connectString(page: Page): Promise<string> {
  await openTab(page, 'People')
  const shown = page.getByTestId('connect-string')
  await expect(shown).toContainText('distsoc:')
  return ((await shown.textContent()) ?? '').trim()
}

/** Follows someone by connect string (or NodeId) through People. */
export async function follow(page: Page, connect: string): Promise<void> {
  // The count from the node, not from the heading: People may still be loading its list.
  const before = (await rpc(page, 'people.list', { filter: 'follows' })).length
  await openTab(page, 'People')
  await expect(page.getByRole('heading', { name: `Following (${before})` })).toBeVisible({ timeout: 15_000 })
  await page.getByLabel('NodeId or connect string').fill(connect)
  await page.getByRole('button', { name: 'Follow', exact: true }).click()
  await expect(page.getByRole('heading', { name: `Following (${before + 1})` })).toBeVisible({
    timeout: 15_000,
  })
}

/** Creates circle `name` in My Posts and adds `members` (display names) one by one; returns its region. */
export async function createCircle(page: Page, name: string, members: readonly string[]): Promise<Locator> {
  await openTab(page, 'My Posts')
  await page.getByLabel('New circle name').fill(name)
  await page.getByRole('button', { name: 'Create circle' }).click()
  const circle = page.getByRole('region', { name: `Circle ${name}` })
  for (const member of members) {
    await circle.getByLabel(`Add someone to ${name}`).selectOption({ label: member })
    await expect(circle.getByText(member)).toBeVisible()
  }
  return circle
}

/** Posts `text` from My Posts to `audience` (an option label: 'Public', 'Circle: close (1)', ...). */
export async function post(page: Page, text: string, audience = 'Public'): Promise<void> {
  await openTab(page, 'My Posts')
  await page.getByLabel('What is on your mind?').fill(text)
  await page.getByLabel('Audience').selectOption({ label: audience })
  await page.getByRole('button', { name: 'Post', exact: true }).click()
  await expect(page.getByRole('article').filter({ hasText: text }).first()).toBeVisible()
}

/** Texts of the posts in the user's home feed, straight from their node. */
export async function homeFeed(page: Page, limit = 100): Promise<string[]> {
  const feed = await rpc(page, 'feed.page', { query: { type: 'home' }, limit })
  return feed.posts.map((p) => p.content ?? '')
}

/** Waits until the Feed tab shows an article with `text` (taking in "N new — show" if offered). */
export async function expectInFeed(page: Page, text: string, timeout = 20_000): Promise<void> {
  await openTab(page, 'Feed')
  await expect(async () => {
    const fresh = page.getByRole('button', { name: /new — show$/ })
    if (await fresh.isVisible()) await fresh.click()
    await expect(page.getByRole('article').filter({ hasText: text }).first()).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout })
}

/** The user's own NodeId. */
export async function nodeIdOf(page: Page): Promise<string> {
  const status = await rpc(page, 'node.status', {})
  if (status.node_id === undefined) throw new Error('no identity yet')
  return status.node_id
}

/** Every row of the node's database as text, read through the harness worker over the same storage. */
export async function databaseText(page: Page): Promise<string> {
  await page.goto('/e2e/browser/worker-harness.html')
  await page.evaluate(() => window.harness.connect('auto'))
  const out: Outcome = await page.evaluate(() => window.harness.call('harness.dump'))
  if (!out.ok) throw new Error(`harness.dump failed: ${out.name}: ${out.message}`)
  return JSON.stringify(out.result)
}
