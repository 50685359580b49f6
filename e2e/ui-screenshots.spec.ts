/** A screenshot of each tab at phone (390×844, light) and desktop (1280×800, dark) size. */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const TABS = ['Feed', 'My Posts', 'People', 'Messages', 'Settings']
const SIZES = [
  { name: 'phone', width: 390, height: 844, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 800, scheme: 'dark' },
] as const

for (const size of SIZES) {
  test(`every tab renders at ${size.width}×${size.height} without horizontal overflow`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page)
    for (const tab of TABS) {
      await openTab(page, tab)
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true')
      await page.waitForTimeout(400)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, `${tab} overflows horizontally`).toBeLessThanOrEqual(0)
      await page.screenshot({
        path: `test-results/screenshots/${tab.replace(' ', '-').toLowerCase()}-${size.name}.png`,
      })
    }
    await openHarness(page, { setup: 1 })
    await page.screenshot({ path: `test-results/screenshots/setup-${size.name}.png` })
  })
}
