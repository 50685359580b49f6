/** Settings → Private profiles (issue 14): edit what a circle sees, at phone and desktop size. */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const SIZES = [
  { name: 'phone', width: 390, height: 844, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 800, scheme: 'dark' },
] as const

for (const size of SIZES) {
  test(`a circle gets its own profile at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page)
    await openTab(page, 'Settings')
    const section = page.getByRole('region', { name: 'Private profiles' })
    await expect(section.getByText('climbing', { exact: true })).toBeVisible()
    await expect(section.getByText('Sees your public profile', { exact: true })).toBeVisible()
    await section.getByRole('button', { name: 'Edit' }).click()
    const form = section.getByRole('form', { name: 'What people in climbing see' })
    await form.getByLabel('Display name').fill('Ali from the wall')
    await form.getByLabel('Bio').fill('Belays on Tuesdays. Ask me for the gym code.')
    await form.getByRole('button', { name: 'Save for climbing' }).click()
    await expect(section.getByText('Ali from the wall', { exact: true })).toBeVisible()
    await section.getByRole('button', { name: 'Edit' }).click()
    await section.scrollIntoViewIfNeeded()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await section.screenshot({ path: `test-results/screenshots/private-profiles-${size.name}.png` })
  })
}
