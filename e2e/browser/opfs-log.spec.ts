import { rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { freshProfileDir, openHarness, openProfile } from './worker-profile.ts'

// The write-ahead log's OPFS copy (src/worker/storage/opfs-log.ts, issue 11) in real Chromium: an
// open with 1,000 batch files reads them many at a time, and a snapshot deletes them many at a time.

test('the OPFS log copy opens and truncates 1,000 batch files', async () => {
  const url = test.info().project.use.baseURL
  if (url === undefined) throw new Error('baseURL is not configured')
  const dir = freshProfileDir()
  const ctx = await openProfile(dir, url)
  try {
    const page = await openHarness(ctx, url)
    const times = await page.evaluate(() => window.harness.opfsLogTimes(1000, 'bench-wal'))
    console.log(
      `OPFS log, 1,000 batch files: write ${Math.round(times.writeMs)} ms, open ${Math.round(times.openMs)} ms, truncate ${Math.round(times.dropMs)} ms`,
    )
    // generous for a loaded 2-core CI machine; read one by one it took several times as long
    expect(times.openMs).toBeLessThan(5000)
  } finally {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
})
