/** Images for the journeys: a small real PNG drawn in the page and posted through the composer. */
import { expect, type Page } from '@playwright/test'
import { openTab } from './users.ts'

/** A small real PNG drawn in the page (the composer downscales and stores it like any photo). */
export async function drawPng(page: Page, hue: number): Promise<Buffer> {
  const b64 = await page.evaluate(async (h) => {
    const canvas = new OffscreenCanvas(320, 200)
    const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    for (let x = 0; x < 320; x += 20)
      for (let y = 0; y < 200; y += 20) {
        g.fillStyle = `hsl(${(h + x + y) % 360} 70% 50%)`
        g.fillRect(x, y, 20, 20)
      }
    const blob = await canvas.convertToBlob({ type: 'image/png' })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  }, hue)
  return Buffer.from(b64, 'base64')
}

/** Posts `text` with one image through My Posts. */
export async function postWithImage(page: Page, text: string, hue = 0): Promise<void> {
  await openTab(page, 'My Posts')
  await page.getByLabel('What is on your mind?').fill(text)
  const name = `photo-${hue}.png`
  await page
    .getByLabel('Attach images')
    .setInputFiles({ name, mimeType: 'image/png', buffer: await drawPng(page, hue) })
  await expect(page.getByRole('img', { name: `Attachment ${name}` })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Post', exact: true }).click()
  await expect(page.getByRole('article').filter({ hasText: text }).first()).toBeVisible()
}
