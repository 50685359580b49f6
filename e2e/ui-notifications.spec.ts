/**
 * Settings → Notifications (issue 16): with the browser permission granted and the toggle on, a DM
 * arriving while the page is hidden makes a real `new Notification(...)` call (the constructor is
 * recorded by an init script; the product code is the real one); the toggle off keeps it quiet.
 */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const

declare global {
  interface Window {
    shown: { title: string; body: string }[]
  }
}

for (const size of SIZES) {
  test(`a hidden page notifies a new DM unless turned off at ${size.width}×${size.height}`, async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['notifications'])
    await page.addInitScript(() => {
      window.shown = []
      const Real = window.Notification
      class Recorded extends EventTarget {
        static get permission() {
          return Real.permission
        }
        static requestPermission = () => Real.requestPermission()
        constructor(title: string, opts?: NotificationOptions) {
          super()
          window.shown.push({ title, body: opts?.body ?? '' })
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true })
      // Playwright keeps the page visible; the test flips this to play a backgrounded tab.
      let hidden = false
      Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') })
      Object.assign(window, { setHidden: (h: boolean) => (hidden = h) })
    })
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
    expect(await page.evaluate(() => window.shown)).toEqual([])

    await page.evaluate(() => (window as unknown as { setHidden(h: boolean): void }).setHidden(true))
    await page.evaluate(() => window.uiHarness.dmLive(0, 'are you there?'))
    await expect
      .poll(() => page.evaluate(() => window.shown))
      .toEqual([{ title: expect.stringMatching(/^New message from /), body: 'are you there?' }])

    await page.evaluate(() => (window as unknown as { setHidden(h: boolean): void }).setHidden(false))
    await messages.uncheck()
    await expect(messages).not.toBeChecked()
    await page.evaluate(() => (window as unknown as { setHidden(h: boolean): void }).setHidden(true))
    await page.evaluate(() => window.uiHarness.dmLive(0, 'hello again'))
    await page.waitForTimeout(500)
    expect(await page.evaluate(() => window.shown.length)).toBe(1)

    await page.evaluate(() => (window as unknown as { setHidden(h: boolean): void }).setHidden(false))
    await messages.check()
    await section.scrollIntoViewIfNeeded()
    await section.screenshot({ path: `test-results/screenshots/notifications-${size.name}.png` })
  })
}
