/**
 * Registers the Workbox service worker (docs/design.md §8: app shell cache for offline start and install)
 * in production builds, and reports when a new version is waiting so the user can reload into it.
 */
import { Workbox } from 'workbox-window'

/** Registers `/sw.js`; `onUpdate(reload)` is called when a new version is ready to take over. */
export async function registerServiceWorker(onUpdate: (reload: () => void) => void): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  const wb = new Workbox('/sw.js', { scope: '/' })
  wb.addEventListener('waiting', () => {
    onUpdate(() => {
      wb.addEventListener('controlling', () => location.reload())
      wb.messageSkipWaiting()
    })
  })
  await wb.register()
}
