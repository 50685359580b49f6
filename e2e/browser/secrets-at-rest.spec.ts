import { rmSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { toBase64Url, toHex } from '../../src/core/crypto/index.ts'
import { importIdentity } from '../../src/core/model/index.ts'
import { BOB } from '../../src/core/model/test-support/fixtures.ts'
import type { Outcome } from './worker-harness.ts'
import { freshProfileDir, openHarness, openProfile } from './worker-profile.ts'

// Issue 10 "secrets at rest", in real Chromium with the real worker: the identity seed is kept only
// wrapped by the device key and DM text is sealed, so neither appears in the bytes the browser
// keeps — the OPFS snapshot slots and the IndexedDB write-ahead log (docs/design.md §7). A seed
// stored in the clear by an older version is migrated on open, and two snapshots later no slot or
// log entry holds it any more.

const PASSPHRASE = 'correct horse battery staple'
const DISPLAY_NAME = 'Keeper Of Secrets'
const DM_TEXT = 'the vault code is 4-8-15-16-23-42, tell no one'

function baseURL(): string {
  const url = test.info().project.use.baseURL
  if (url === undefined) throw new Error('baseURL is not configured')
  return url
}

async function result<T>(page: Page, method: string, params: unknown = {}): Promise<T> {
  const out: Outcome = await page.evaluate(([m, p]) => window.harness.call(m, p), [method, params] as const)
  if (!out.ok) throw new Error(`${method} failed: ${out.name}: ${out.message}`)
  return out.result as T
}

async function connectReady(page: Page): Promise<void> {
  await page.evaluate(() => window.harness.connect())
  await page.evaluate(() => window.harness.ready())
}

/** The identity seed, read back through the product's own passphrase export. */
async function exportedSeed(page: Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(async (passphrase) => {
    const out = await window.harness.call('identity.export', { passphrase })
    if (!out.ok) throw new Error(`identity.export failed: ${out.name}`)
    return [...(out.result as { file: Uint8Array }).file]
  }, PASSPHRASE)
  return (await importIdentity(Uint8Array.from(bytes), PASSPHRASE)).seed
}

/** Every OPFS file and IndexedDB object store of the origin, as bytes. */
async function storage(page: Page): Promise<Map<string, Buffer>> {
  const raw = await page.evaluate(() => window.harness.storageBytes())
  return new Map(Object.entries(raw).map(([source, b64]) => [source, Buffer.from(b64, 'base64')]))
}

/** The sources in which any needle occurs, as `source: needle`. */
function occurrences(sources: Map<string, Buffer>, needles: Record<string, Uint8Array>): string[] {
  const hits: string[] = []
  for (const [source, bytes] of sources)
    for (const [what, needle] of Object.entries(needles))
      if (bytes.includes(Buffer.from(needle))) hits.push(`${source}: ${what}`)
  return hits
}

let dir: string | undefined
test.afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  dir = undefined
})

test('neither the seed nor DM text is in the OPFS snapshots or the IndexedDB log, also after a clear seed is migrated', async () => {
  test.setTimeout(180_000)
  dir = freshProfileDir()
  let ctx = await openProfile(dir, baseURL())
  try {
    let page = await openHarness(ctx, baseURL())
    await connectReady(page)
    await result(page, 'identity.create', { display_name: DISPLAY_NAME, bio: '' })
    const seed = await exportedSeed(page)
    const secrets: Record<string, Uint8Array> = {
      'seed hex': new TextEncoder().encode(toHex(seed)),
      'seed HEX': new TextEncoder().encode(toHex(seed).toUpperCase()),
      'seed base64url': new TextEncoder().encode(toBase64Url(seed)),
      'seed bytes': seed,
      'DM text': new TextEncoder().encode(DM_TEXT),
      'DM text (a slice)': new TextEncoder().encode(DM_TEXT.slice(5, 25)),
    }
    await result(page, 'messages.send', { to: BOB.nodeId, content: DM_TEXT })
    await result(page, 'harness.snapshot')
    const fresh = await storage(page)
    expect([...fresh.keys()].filter((s) => s.startsWith('opfs:')).length).toBeGreaterThan(0)
    expect(fresh.has('idb:distsoc-wal/log')).toBe(true)
    // the scan reads real data: the profile name is in the snapshot
    expect(occurrences(fresh, { name: new TextEncoder().encode(DISPLAY_NAME) }).length).toBeGreaterThan(0)
    expect(occurrences(fresh, secrets)).toEqual([])

    // An older version kept the seed in the clear: plant that state, snapshot it, and show the scan sees it.
    await result(page, 'harness.plantClearSeed', { seed_hex: toHex(seed) })
    await result(page, 'harness.snapshot')
    const planted = occurrences(await storage(page), { 'seed hex': secrets['seed hex']! })
    expect(planted.some((s) => s.startsWith('opfs:'))).toBe(true)
    expect(planted).toContain('idb:distsoc-wal/log: seed hex')
    await ctx.close()

    // The next open wraps it and deletes the clear copy; two snapshots overwrite both slots.
    ctx = await openProfile(dir, baseURL())
    page = await openHarness(ctx, baseURL())
    await connectReady(page)
    const status = await result<{ phase: string; node_id?: string }>(page, 'node.status')
    expect(status.phase).toBe('ready')
    expect(toHex(await exportedSeed(page))).toBe(toHex(seed))
    // each snapshot goes to the older slot, so two in a row (and any automatic one between) cover both
    for (let i = 0; i < 2; i++) {
      await result(page, 'harness.put', { key: `after-migration-${i}`, value: 'x' })
      expect(await result<{ slot: number } | null>(page, 'harness.snapshot')).not.toBeNull()
    }
    const migrated = await storage(page)
    expect(occurrences(migrated, { name: new TextEncoder().encode(DISPLAY_NAME) }).length).toBeGreaterThan(0)
    expect(occurrences(migrated, secrets)).toEqual([])
  } finally {
    await ctx.close()
  }
})
