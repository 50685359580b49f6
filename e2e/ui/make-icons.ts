/**
 * Renders the PWA icons (public/icons/*.png) from public/icons/icon.svg with Debian Chromium:
 * `npx tsx e2e/ui/make-icons.ts`. "maskable" icons are full-bleed with the mark inside the 80 % safe zone.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { chromium } from 'playwright-core'
import { launchOptions } from '../chromium.ts'

const dir = new URL('../../public/icons/', import.meta.url)
const svg = await readFile(new URL('icon.svg', dir), 'utf8')
const maskable = svg
  .replace('rx="112"', 'rx="0"')
  .replace(/<g /g, '<g transform="translate(51 51) scale(0.8)" ')

const browser = await chromium.launch(launchOptions)
const page = await browser.newPage()
for (const [name, source] of [
  ['icon', svg],
  ['maskable', maskable],
] as const) {
  for (const size of [192, 512]) {
    await page.setViewportSize({ width: size, height: size })
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`,
    )
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    })
    await writeFile(new URL(`${name}-${size}.png`, dir), png)
    console.log(`wrote ${name}-${size}.png (${png.length} bytes)`)
  }
}
await browser.close()
