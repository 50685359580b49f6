/**
 * A worker that does not load (issue 9): the app says why within 2 s — not after the 30 s RPC
 * timeout — and "Try again" reaches the first-run dialog once the script loads again.
 */
import { expect, test } from '@playwright/test'
import { journeyEnv } from '../journeys/journey-env.ts'

test.use({ serviceWorkers: 'block' })

test('a worker script answered with HTTP 500 is reported within 2 s, and Try again recovers', async ({
  page,
}) => {
  const workerPath = journeyEnv().workerUrl
  const matchWorker = (url: URL): boolean => url.pathname === workerPath
  let failed = 0
  await page.route(matchWorker, async (route) => {
    failed++
    await route.fulfill({ status: 500, contentType: 'text/plain', body: 'server error' })
  })

  await page.goto('/')
  const started = Date.now()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('distsoc could not start', { timeout: 2_000 })
  expect(Date.now() - started).toBeLessThan(2_000)
  await expect(alert).toContainText(`${workerPath} did not load: the server answered HTTP 500`)
  await expect(alert).toContainText('then press Try again')
  expect(failed).toBeGreaterThan(0)

  await page.unroute(matchWorker)
  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('dialog', { name: 'Welcome to distsoc' })).toBeVisible({ timeout: 15_000 })
})

test('a worker that throws while starting is reported with what it threw, and Try again recovers', async ({
  page,
}) => {
  const workerPath = journeyEnv().workerUrl
  const matchWorker = (url: URL): boolean => url.pathname === workerPath
  await page.route(matchWorker, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: 'throw new Error("boom while starting")',
    }),
  )
  await page.goto('/')
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('threw while starting', { timeout: 2_000 })
  await expect(alert).toContainText('boom while starting')

  await page.unroute(matchWorker)
  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('dialog', { name: 'Welcome to distsoc' })).toBeVisible({ timeout: 15_000 })
})
