import { rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { freshProfileDir, openHarness, openProfile } from './worker-profile.ts'

// The write-ahead log's OPFS copy (src/worker/storage/opfs-log.ts, issue 11) in real Chromium: an
// open with 1,000 batch files reads them many at a time, a snapshot packs them into one file (deleting
// the small ones many at a time), and the packed log opens in one read.

test('the OPFS log copy opens, packs and truncates 1,000 batch files', async () => {
  const url = test.info().project.use.baseURL
  if (url === undefined) throw new Error('baseURL is not configured')
  const dir = freshProfileDir()
  const ctx = await openProfile(dir, url)
  try {
    const page = await openHarness(ctx, url)
    const times = await page.evaluate(() => window.harness.opfsLogTimes(1000, 'bench-wal'))
    console.log(
      `OPFS log, 1,000 batch files: write ${Math.round(times.writeMs)} ms, open ${Math.round(times.openMs)} ms, pack ${Math.round(times.packMs)} ms, open packed ${Math.round(times.packedOpenMs)} ms, truncate ${Math.round(times.dropMs)} ms`,
    )
    // generous for a loaded 2-core CI machine; read one by one it took several times as long
    expect(times.openMs).toBeLessThan(5000)
    // one file of 1,000 entries instead of 1,000 files
    expect(times.packedOpenMs).toBeLessThan(Math.max(500, times.openMs / 4))
  } finally {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
})
