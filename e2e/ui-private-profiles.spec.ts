/**
 * Settings → Private profiles (issue 14): edit what a circle and what a group sees, and order them
 * together, at phone and desktop size (the harness's "climbing" circle and "Book club" group).
 */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })
// Seeding the harness's people and groups takes ≈ 40 s on a loaded 2-core machine.
test.setTimeout(150_000)

const SIZES = [
  { name: 'phone', width: 390, height: 844, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 800, scheme: 'dark' },
] as const

for (const size of SIZES) {
  test(`a circle and a group get their own profiles at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page, { groups: 1 })
    await openTab(page, 'Settings')
    const section = page.getByRole('region', { name: 'Private profiles' })
    await expect(section.getByText('climbing', { exact: true })).toBeVisible()
    await expect(section.getByText('Sees your public profile', { exact: true }).first()).toBeVisible()
    await section.getByRole('button', { name: 'Edit what people in climbing see' }).click()
    const form = section.getByRole('form', { name: 'What people in climbing see' })
    await form.getByLabel('Display name').fill('Ali from the wall')
    await form.getByLabel('Bio').fill('Belays on Tuesdays. Ask me for the gym code.')
    await form.getByRole('button', { name: 'Save for climbing' }).click()
    await expect(section.getByText('Ali from the wall', { exact: true })).toBeVisible()

    // the group is a tier too, below the circle: give it its own profile, then move it up
    const tiers = section.getByRole('listitem')
    await expect(tiers.nth(1)).toContainText('Book club')
    await expect(tiers.nth(1)).toContainText('Group')
    await section.getByRole('button', { name: 'Edit what members of Book club see' }).click()
    const groupForm = section.getByRole('form', { name: 'What members of Book club see' })
    await groupForm.getByLabel('Display name').fill('Ali (book club)')
    await groupForm.getByRole('button', { name: 'Save for Book club' }).click()
    await expect(section.getByText('Ali (book club)', { exact: true })).toBeVisible()
    await section.getByRole('button', { name: 'Move Book club up' }).click()
    await expect(tiers.nth(0)).toContainText('Book club')
    await expect(tiers.nth(1)).toContainText('climbing')

    await section.getByRole('button', { name: 'Edit what people in climbing see' }).click()
    await section.scrollIntoViewIfNeeded()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await section.screenshot({ path: `test-results/screenshots/private-profiles-${size.name}.png` })
  })
}
