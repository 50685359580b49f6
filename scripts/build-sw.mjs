/**
 * A Vite plugin that writes the Workbox service worker after `vite build` (docs/design.md §8: app shell
 * cache for offline start and install). It precaches the built shell — HTML, JS (including the
 * worker bundle), CSS, the sql.js WASM, the manifest and icons — and answers navigations with
 * index.html. It holds no state and never touches the node's networking.
 */
import { generateSW } from 'workbox-build'

/** @returns {import('vite').Plugin} */
export function serviceWorkerPlugin() {
  /** @type {string} */
  let outDir = 'dist'
  return {
    name: 'distsoc:service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async closeBundle() {
      const { count, size, warnings } = await generateSW({
        globDirectory: outDir,
        globPatterns: ['**/*.{html,js,css,wasm,webmanifest,png,svg,json}'],
        globIgnores: ['sw.js', 'workbox-*.js', '**/*.map'],
        swDest: `${outDir}/sw.js`,
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /\.[a-z0-9]+$/i],
        // A new version waits until the user accepts the "Reload" toast (workbox-window messageSkipWaiting).
        skipWaiting: false,
        clientsClaim: false,
        cleanupOutdatedCaches: true,
        inlineWorkboxRuntime: true,
        sourcemap: false,
        mode: 'production',
      })
      for (const w of warnings) this.warn(w)
      this.info?.(`service worker precaches ${count} files, ${(size / 1024).toFixed(0)} KiB`)
    },
  }
}
