import { expect, test } from '@playwright/test'

test('the built app serves a page that says it is starting', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByText('distsoc is starting')).toBeVisible()
})
