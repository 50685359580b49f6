/** Attachments in real Chromium: a large image is downscaled to ≤ 256 KiB; a non-image is refused. */
import { expect, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

test('downscales a large noisy photo to at most 256 KiB and posts it', async ({ page }) => {
  // Encoding 11 MB of noise is CPU-bound; on a loaded 2-core machine it takes a while.
  test.setTimeout(120_000)
  await openHarness(page)
  // A 2400×1600 PNG of noise (≈ 11 MB), about the worst case for a lossy encoder.
  const png = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1600)
    const ctx = canvas.getContext('2d')!
    const img = ctx.createImageData(2400, 1600)
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i % 4 === 3 ? 255 : Math.random() * 255) | 0
    ctx.putImageData(img, 0, 0)
    const blob = await canvas.convertToBlob({ type: 'image/png' })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let s = ''
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(s)
  })
  const buffer = Buffer.from(png, 'base64')
  expect(buffer.length).toBeGreaterThan(4 * 1024 * 1024)
  await openTab(page, 'My Posts')
  await page.getByLabel('Attach images').setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer })
  await expect(page.getByRole('img', { name: 'Attachment noise.png' })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Post', exact: true }).click()
  await expect(page.getByRole('img', { name: 'Image attached to the post' })).toBeVisible()
  const sizes = await page.evaluate(async () =>
    (await window.uiHarness.calls())
      .filter((c) => c.method === 'post.create')
      .flatMap((c) => (c.params as { attachments: { bytes: Uint8Array; mime: string }[] }).attachments)
      .map((a) => ({ size: a.bytes.length, mime: a.mime })),
  )
  expect(sizes).toHaveLength(1)
  expect(sizes[0]!.size).toBeLessThanOrEqual(256 * 1024)
  expect(sizes[0]!.mime).toMatch(/^image\/(webp|jpeg)$/)
})

test('refuses a file that is not an image, and one that only claims to be', async ({ page }) => {
  await openHarness(page)
  await openTab(page, 'My Posts')
  const input = page.getByLabel('Attach images')
  await input.setInputFiles({
    name: 'notes.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 nope'),
  })
  await expect(page.getByText('notes.pdf: Only images')).toBeVisible()
  await input.setInputFiles({
    name: 'fake.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<svg onload=alert(1)>'),
  })
  await expect(page.getByText('fake.png: Only images')).toBeVisible()
  expect(await page.getByRole('img', { name: /Attachment/ }).count()).toBe(0)
})
