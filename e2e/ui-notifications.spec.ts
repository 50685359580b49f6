/**
 * Settings → Notifications (issue 16): with the browser permission granted and the toggle on, a DM
 * arriving while the page is hidden makes a real `new Notification(...)` call (the constructor is
 * recorded by an init script; the product code is the real one); the toggle off keeps it quiet.
 */
import { expect, test } from '@playwright/test'
import { recordNotifications, setHidden, shownNotifications } from './notification-recorder.ts'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const

for (const size of SIZES) {
  test(`a hidden page notifies a new DM unless turned off at ${size.width}×${size.height}`, async ({
    page,
    context,
  }) => {
    await recordNotifications(context, page)
    await page.setViewportSize({ width: size.width, height: size.height })
    await openHarness(page)
    await openTab(page, 'Settings')
    const section = page.getByRole('region', { name: 'Notifications' })
    const messages = section.getByRole('checkbox', { name: 'New messages and message requests' })
    await expect(messages).toBeChecked()
    await expect(section.getByText('Notifications are allowed')).toBeVisible()

    // Visible page: the app shows the message itself, no system notification.
    await page.evaluate(() => window.uiHarness.dmLive(0, 'while you look'))
    await page.waitForTimeout(500)
    expect(await shownNotifications(page)).toEqual([])

    await setHidden(page, true)
    await page.evaluate(() => window.uiHarness.dmLive(0, 'are you there?'))
    await expect
      .poll(() => shownNotifications(page))
      .toEqual([{ title: expect.stringMatching(/^New message from /), body: 'are you there?' }])

    await setHidden(page, false)
    await messages.uncheck()
    await expect(messages).not.toBeChecked()
    await setHidden(page, true)
    await page.evaluate(() => window.uiHarness.dmLive(0, 'hello again'))
    await page.waitForTimeout(500)
    expect(await shownNotifications(page)).toHaveLength(1)

    await setHidden(page, false)
    await messages.check()
    await section.scrollIntoViewIfNeeded()
    await section.screenshot({ path: `test-results/screenshots/notifications-${size.name}.png` })
  })
}
