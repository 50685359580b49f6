/**
 * The installable PWA (docs/design.md §8) on the real built index.html: Chrome finds no installability
 * errors, the strict CSP reports no violations, and after one visit the app starts offline.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test } from '@playwright/test'
import { launchOptions } from './chromium.ts'

test('Chrome reports no installability errors for the manifest', async ({ baseURL }) => {
  // Installability is never granted in an incognito-like context: use a real profile directory.
  const dir = await mkdtemp(join(tmpdir(), 'distsoc-pwa-'))
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, baseURL })
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto('/')
  await page.waitForFunction(() => customElements.get('ds-app') !== undefined)
  const cdp = await page.context().newCDPSession(page)
  const manifest = await cdp.send('Page.getAppManifest')
  expect(manifest.errors).toEqual([])
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
  expect(installabilityErrors).toEqual([])
  await context.close()
  await rm(dir, { recursive: true, force: true })
})

test('the page loads under its Content-Security-Policy without violations', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text())
  })
  await page.goto('/')
  await page.waitForFunction(() => customElements.get('ds-app') !== undefined)
  await page.waitForTimeout(1500)
  expect(violations).toEqual([])
})

test('starts offline from the service worker cache after one visit', async ({ page, context }) => {
  await page.goto('/')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  // The first visit is not controlled yet; one reload hands the page to the worker.
  await page.reload()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await context.setOffline(true)
  await page.reload()
  await page.waitForFunction(() => customElements.get('ds-app') !== undefined)
  await expect(page.locator('ds-app')).toBeVisible()
  expect(await page.title()).toBe('distsoc')
  await context.setOffline(false)
})
