/**
 * People's Follow field over the real node in the page (e2e/ui/harness-node.ts): what the user typed
 * stays in the field while People re-renders — on its own state change (the QR code shown) and on a
 * peer event (a followed person's new profile arriving, `people.changed`) — and Follow follows it.
 * A field bound with `.value=${live(...)}` is reset by every render: this test fails on it.
 */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

test('the Follow field keeps typed text across re-renders of People, and Follow uses it', async ({
  page,
}) => {
  await openHarness(page)
  await openTab(page, 'People')
  await expect(page.getByRole('heading', { name: 'Following (4)' })).toBeVisible()
  await expect(page.getByTestId('connect-string')).toContainText('distsoc:12D3KooW')
  const following = page.getByRole('region', { name: 'Following (4)' })
  await expect(following.getByText('Grace Hopper')).toBeVisible()
  const target = await page.evaluate(() => window.uiHarness.knownId(0))
  const field = page.getByLabel('NodeId or connect string')

  await field.pressSequentially(target.slice(0, 20))
  // People's own state changes and it renders again.
  await page.getByRole('button', { name: 'Show QR code' }).click()
  await expect(page.getByRole('button', { name: 'Hide QR code' })).toBeVisible()
  await expect(field).toHaveValue(target.slice(0, 20))

  // The QR button took the focus: back into the field, after what is already typed.
  await field.press('End')
  await field.pressSequentially(target.slice(20))
  // A peer event: Grace's new profile arrives, People reloads its lists and renders again.
  await page.evaluate(() => window.uiHarness.renameLive(1, 'Grace Brewster Hopper'))
  await expect(following.getByText('Grace Brewster Hopper')).toBeVisible()
  await expect(field).toHaveValue(target)

  await page.getByRole('button', { name: 'Follow', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Following (5)' })).toBeVisible()
  const follows = await page.evaluate(async () =>
    (await window.uiHarness.calls()).filter((c) => c.method === 'follow.add').map((c) => c.params),
  )
  expect(follows).toEqual([{ target }])
  await expect(page.getByRole('region', { name: 'Following (5)' }).getByText('Barbara Liskov')).toBeVisible()
  await expect(field).toHaveValue('')
})
