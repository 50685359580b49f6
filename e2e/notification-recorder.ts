/**
 * Records system notifications in a Playwright page (issue 16): an init script replaces
 * `window.Notification` by a recorder that keeps each `new Notification(title, {body})` (the
 * permission is still the browser's), and lets the test play a backgrounded tab, which Playwright
 * never makes hidden by itself. The product code that decides and shows notifications is the real one.
 */
import type { BrowserContext, Page } from '@playwright/test'

/** One recorded notification. */
export interface ShownNotification {
  title: string
  body: string
}

declare global {
  interface Window {
    shown: ShownNotification[]
    setHidden(hidden: boolean): void
  }
}

/** Grants the permission and installs the recorder for every later load of `page`. */
export async function recordNotifications(context: BrowserContext, page: Page): Promise<void> {
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
    let hidden = false
    Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') })
    window.setHidden = (h: boolean) => {
      hidden = h
    }
  })
}

/** Plays the tab going to the background (true) or coming back (false). */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => window.setHidden(h), hidden)
}

/** The notifications shown so far. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(() => window.shown)
}
