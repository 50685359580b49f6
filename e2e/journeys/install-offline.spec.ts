/**
 * Journey 8: the real app is installable (Chromium reports no installability errors) and, once its
 * service worker has cached the shell, starts with the network gone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { keepScreensOnFailure, onboard, persistentUser, type User } from './users.ts'

const open: User[] = []
// biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixtures
test.afterEach(async ({}, testInfo) => {
  await keepScreensOnFailure(testInfo, open)
  await Promise.allSettled(open.splice(0).map((u) => u.close()))
})

test('8. the app installs and starts offline', async () => {
  // a persistent profile: Chromium never offers to install from an incognito (throwaway) context
  const dir = mkdtempSync(join(tmpdir(), 'distsoc-install-'))
  const user = await persistentUser(dir, 'Installer', 'allow')
  open.push({
    ...user,
    close: async () => {
      await user.close()
      rmSync(dir, { recursive: true, force: true })
    },
  })
  const { context, page } = user
  await onboard(page, 'Installer')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  const cdp = await context.newCDPSession(page)
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: Array<{ errorId: string }>
  }
  expect(installabilityErrors.map((e) => e.errorId)).toEqual([])

  // a controlled page (the first one may predate the worker's clients.claim)
  await page.reload()
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByRole('tab', { name: 'Feed' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('dialog', { name: 'Welcome to distsoc' })).toBeHidden()
})
