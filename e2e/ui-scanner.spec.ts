/**
 * The QR scanner in People → Follow someone (issue 16) with Chromium's fake camera: the camera
 * "films" a Y4M video of a connect string's QR code (drawn here from a lean-qr matrix); the scanner
 * fills the Follow field and follows no one until the user presses Follow. Without the camera
 * permission the user reads why, and nothing is called.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { generate } from 'lean-qr'
import { launchOptions } from './chromium.ts'
import { callCount, openHarness, openTab } from './ui/harness-page.ts'

const ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const CONNECT = `distsoc:${ID}?anchor=${encodeURIComponent('/dns4/anchor.example.org/tcp/443/wss')}`
const W = 640
const H = 480

/** Two frames of a 4:2:0 Y4M video: the QR code of `text`, black on white, centred. */
function qrVideo(text: string): Buffer {
  const qr = generate(text)
  const scale = Math.floor(Math.min(W, H) / (qr.size + 8))
  const x0 = Math.floor((W - qr.size * scale) / 2)
  const y0 = Math.floor((H - qr.size * scale) / 2)
  const luma = Buffer.alloc(W * H, 235)
  for (let y = 0; y < qr.size * scale; y++) {
    for (let x = 0; x < qr.size * scale; x++) {
      if (qr.get(Math.floor(x / scale), Math.floor(y / scale))) luma[(y0 + y) * W + x0 + x] = 16
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame])
}

const video = join(mkdtempSync(join(tmpdir(), 'distsoc-qr-')), 'connect.y4m')
writeFileSync(video, qrVideo(CONNECT))

test.use({
  serviceWorkers: 'block',
  launchOptions: {
    ...launchOptions,
    args: [
      ...launchOptions.args,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  },
})

for (const size of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const) {
  test(`Scan reads a connect string off the camera into Follow, and follows only on Follow at ${size.width}×${size.height}`, async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['camera'])
    await page.setViewportSize({ width: size.width, height: size.height })
    await openHarness(page)
    await openTab(page, 'People')
    const follow = page.getByRole('region', { name: 'Follow someone' })
    await follow.getByRole('button', { name: 'Scan QR code' }).click()
    const field = follow.getByLabel('NodeId or connect string')
    await expect(field).toHaveValue(CONNECT, { timeout: 15_000 })
    await expect(follow.getByRole('status')).toHaveText('Read a connect string — check it and press Follow.')
    await expect(follow.getByRole('button', { name: 'Scan QR code' })).toBeVisible()
    await expect(field).toBeFocused()
    // The camera is off again and nobody was followed.
    await expect(page.locator('ds-qr-scanner video')).toHaveCount(0)
    expect(await callCount(page, 'follow.add')).toBe(0)
    await follow.screenshot({ path: `test-results/screenshots/scanner-read-${size.name}.png` })

    await follow.getByRole('button', { name: 'Follow', exact: true }).click()
    await expect.poll(() => callCount(page, 'follow.add')).toBe(1)
    const calls = await page.evaluate(async () =>
      (await window.uiHarness.calls()).filter((c) => c.method === 'follow.add'),
    )
    expect(calls[0]?.params).toEqual({ target: CONNECT })
  })
}

test('without the camera permission Scan says why and calls nothing', async ({ page }) => {
  await openHarness(page)
  await openTab(page, 'People')
  const follow = page.getByRole('region', { name: 'Follow someone' })
  await follow.getByRole('button', { name: 'Scan QR code' }).click()
  await expect(follow.getByRole('alert').filter({ hasText: 'Camera access was not allowed' })).toBeVisible()
  await expect(follow.getByLabel('NodeId or connect string')).toHaveValue('')
  expect(await callCount(page, 'follow.add')).toBe(0)
})
