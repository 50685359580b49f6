import { rmSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import type { Outcome } from './worker-harness.ts'
import { freshProfileDir, launchKillable, openHarness, openProfile } from './worker-profile.ts'

// The browser node's host (src/worker, src/ui/rpc): one SharedWorker per profile, durable sql.js
// storage (IDB log + OPFS snapshots), typed RPC. docs/design.md §1, §7, §9.

const CRASH_RUNS = Number(process.env.WORKER_CRASH_RUNS ?? 10)

function baseURL(): string {
  const url = test.info().project.use.baseURL
  if (url === undefined) throw new Error('baseURL is not configured')
  return url
}

async function connect(page: Page, mode: 'auto' | 'dedicated' = 'auto'): Promise<void> {
  await page.evaluate((m) => window.harness.connect(m), mode)
}

async function call(page: Page, method: string, params: unknown = {}): Promise<Outcome> {
  return page.evaluate(([m, p]) => window.harness.call(m, p), [method, params] as const)
}

async function result<T>(page: Page, method: string, params: unknown = {}): Promise<T> {
  const out = await call(page, method, params)
  if (!out.ok) throw new Error(`${method} failed: ${out.name}: ${out.message}`)
  return out.result as T
}

interface Status {
  phase: string
  host: string
  error?: string
  storage_warning?: string
  node_id?: string
}

async function ready(page: Page): Promise<Status> {
  return (await page.evaluate(() => window.harness.ready())).status as Status
}

let dirs: string[] = []
test.afterEach(() => {
  // Chromium may still be flushing the profile right after close; leftovers are only temp files.
  for (const d of dirs) {
    try {
      rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    } catch {}
  }
  dirs = []
})
function profile(): string {
  const d = freshProfileDir()
  dirs.push(d)
  return d
}

test('two tabs share one node: same status, same rows, and events reach both', async () => {
  const ctx = await openProfile(profile(), baseURL())
  try {
    const a = await openHarness(ctx, baseURL())
    const b = await openHarness(ctx, baseURL())
    await connect(a)
    await connect(b)
    const [sa, sb] = [await ready(a), await ready(b)]
    expect(sa.host).toBe('shared-worker')
    expect(sa).toEqual(sb)
    expect(sa.phase).toBe('needs-setup')
    await result(a, 'harness.put', { key: 'from-a', value: 'hello' })
    expect(await result(b, 'harness.keys')).toEqual(['from-a'])
    await result(a, 'node.requestPersistence')
    await expect
      .poll(() => b.evaluate(() => window.harness.events.filter((e) => e.type === 'status').length))
      .toBeGreaterThan(0)
  } finally {
    await ctx.close()
  }
})

test('rows written through the RPC are there after every tab closed and the profile reopened', async () => {
  const dir = profile()
  let ctx = await openProfile(dir, baseURL())
  let page = await openHarness(ctx, baseURL())
  await connect(page)
  await ready(page)
  for (let i = 0; i < 20; i++) await result(page, 'harness.put', { key: `k${i}`, value: `v${i}` })
  await result(page, 'harness.putMany', { keys: ['t1', 't2', 't3'] })
  const before = await result<string[]>(page, 'harness.keys')
  const seqBefore = (await result<{ seq: number }>(page, 'harness.info')).seq
  await ctx.close()

  ctx = await openProfile(dir, baseURL())
  try {
    page = await openHarness(ctx, baseURL())
    await connect(page)
    await ready(page)
    expect(await result<string[]>(page, 'harness.keys')).toEqual(before)
    // every acknowledged write is in the log, and reopening writes nothing of its own
    const info = await result<{ seq: number }>(page, 'harness.info')
    expect(info.seq).toBe(seqBefore)
    expect(seqBefore).toBeGreaterThanOrEqual(21)
  } finally {
    await ctx.close()
  }
})

test('reopening after a snapshot plus log replay gives the same database', async () => {
  const dir = profile()
  let ctx = await openProfile(dir, baseURL())
  let page = await openHarness(ctx, baseURL())
  await connect(page)
  await ready(page)
  await result(page, 'harness.fill', { prefix: 'post', count: 500, bytes: 200 })
  const snap = await result<{ slot: number; seq: number }>(page, 'harness.snapshot')
  expect(snap.slot).toBe(0)
  for (let i = 0; i < 10; i++) await result(page, 'harness.put', { key: `after${i}`, value: 'x' })
  const before = await result(page, 'harness.dump')
  await ctx.close()

  ctx = await openProfile(dir, baseURL())
  try {
    page = await openHarness(ctx, baseURL())
    await connect(page)
    await ready(page)
    expect(await result(page, 'harness.dump')).toEqual(before)
    const info = await result<{ open: { baseSlot: number; replayed: number } }>(page, 'harness.info')
    expect(info.open.baseSlot).toBe(0)
    expect(info.open.replayed).toBe(10)
  } finally {
    await ctx.close()
  }
})

test(`a browser killed mid-write loses no acknowledged write (${CRASH_RUNS} randomized runs)`, async () => {
  // A run is a browser start, an open (snapshot + both log copies), writes and a kill: 30 s each under load.
  test.setTimeout(30_000 + CRASH_RUNS * 30_000)
  const dir = profile()
  const acked = new Set<string>()
  let previous = 'none'
  for (let run = 0; run < CRASH_RUNS; run++) {
    const b = await launchKillable(dir)
    const page = await openHarness(b.context, baseURL())
    await page.exposeFunction('acked', (key: string) => acked.add(key))
    await connect(page)
    const status = await ready(page)
    expect(status.phase, `run ${run}: ${status.error}; before ${previous}`).not.toBe('failed')
    const keys = await result<string[]>(page, 'harness.keys')
    const missing = [...acked].filter((k) => !keys.includes(k))
    // On a loss, say how this open was rebuilt and how the run before it ended.
    const info = await result<unknown>(page, 'harness.info')
    expect(
      missing,
      `run ${run}: acknowledged writes lost; open ${JSON.stringify(info)}; before ${previous}`,
    ).toEqual([])
    // Sometimes snapshot first, so kills also land around snapshots and log truncation.
    if (run % 3 === 1) await result(page, 'harness.snapshot')
    await page.evaluate(([p, c]) => window.harness.stream(p, c), [`r${run}-`, 1 + (run % 4)] as const)
    await page.waitForTimeout(100 + Math.floor(Math.random() * 900))
    previous = JSON.stringify(
      await result<unknown>(page, 'harness.info').catch((err: unknown) => String(err)),
    )
    await b.kill()
    if ((run + 1) % 100 === 0)
      console.log(`kill run ${run + 1}/${CRASH_RUNS}: ${acked.size} acknowledged writes, none lost`)
  }
  const b = await launchKillable(dir)
  try {
    const page = await openHarness(b.context, baseURL())
    await connect(page)
    await ready(page)
    const keys = new Set(await result<string[]>(page, 'harness.keys'))
    expect(acked.size).toBeGreaterThan(CRASH_RUNS)
    expect([...acked].filter((k) => !keys.has(k))).toEqual([])
  } finally {
    await b.kill()
  }
})

test('a log the IndexedDB lost after a snapshot is restored whole from its OPFS copy', async () => {
  const dir = profile()
  let ctx = await openProfile(dir, baseURL())
  let page = await openHarness(ctx, baseURL())
  await connect(page)
  await ready(page)
  await result(page, 'harness.fill', { prefix: 'a', count: 20, bytes: 10 })
  await result(page, 'harness.snapshot')
  await result(page, 'harness.fill', { prefix: 'b', count: 30, bytes: 10 })
  const before = await result<string[]>(page, 'harness.keys')
  await ctx.close()

  ctx = await openProfile(dir, baseURL())
  try {
    page = await openHarness(ctx, baseURL())
    await page.evaluate(() => window.harness.wipeIdbLog())
    await connect(page)
    const status = await ready(page)
    expect(status.phase, status.error).not.toBe('failed')
    expect(await result<string[]>(page, 'harness.keys')).toEqual(before)
    const info = await result<{ open: { replayed: number } }>(page, 'harness.info')
    expect(info.open.replayed).toBeGreaterThan(0)
  } finally {
    await ctx.close()
  }
})

test('a corrupt newest snapshot is reported and recovered from the older one plus the log', async () => {
  const dir = profile()
  let ctx = await openProfile(dir, baseURL())
  let page = await openHarness(ctx, baseURL())
  await connect(page)
  await ready(page)
  await result(page, 'harness.fill', { prefix: 'a', count: 50, bytes: 10 })
  await result(page, 'harness.snapshot')
  await result(page, 'harness.fill', { prefix: 'b', count: 50, bytes: 10 })
  expect((await result<{ slot: number }>(page, 'harness.snapshot')).slot).toBe(1)
  const before = await result<string[]>(page, 'harness.keys')
  await ctx.close()

  ctx = await openProfile(dir, baseURL())
  try {
    page = await openHarness(ctx, baseURL())
    await page.evaluate(() => window.harness.corruptSnapshot(1))
    await connect(page)
    const status = await ready(page)
    expect(status.phase).not.toBe('failed')
    expect(status.storage_warning).toMatch(/^CorruptStorageError: .*snapshot 1: snapshot: checksum mismatch/)
    expect(await result<string[]>(page, 'harness.keys')).toEqual(before)
  } finally {
    await ctx.close()
  }
})

test('when no snapshot plus log can restore everything, the node refuses to start and keeps the files', async () => {
  const dir = profile()
  let ctx = await openProfile(dir, baseURL())
  let page = await openHarness(ctx, baseURL())
  await connect(page)
  await ready(page)
  for (const prefix of ['a', 'b', 'c']) {
    await result(page, 'harness.fill', { prefix, count: 20, bytes: 10 })
    await result(page, 'harness.snapshot')
  }
  await ctx.close()

  for (let attempt = 0; attempt < 2; attempt++) {
    ctx = await openProfile(dir, baseURL())
    try {
      page = await openHarness(ctx, baseURL())
      if (attempt === 0) {
        await page.evaluate(() => window.harness.corruptSnapshot(0))
        await page.evaluate(() => window.harness.corruptSnapshot(1))
      }
      const files = await page.evaluate(() => Promise.all([0, 1].map((s) => window.harness.readSnapshot(s))))
      await connect(page)
      const status = await ready(page)
      expect(status.phase).toBe('failed')
      expect(status.error).toMatch(/^CorruptStorageError: /)
      const write = await call(page, 'harness.put', { key: 'new', value: 'x' })
      expect(write).toMatchObject({ ok: false, name: 'CorruptStorageError' })
      await page.waitForTimeout(300)
      const after = await page.evaluate(() => Promise.all([0, 1].map((s) => window.harness.readSnapshot(s))))
      expect(after).toEqual(files)
    } finally {
      await ctx.close()
    }
  }
})

test('requests with wrong shapes or types get typed errors and the node keeps serving', async () => {
  const ctx = await openProfile(profile(), baseURL())
  try {
    const page = await openHarness(ctx, baseURL())
    await connect(page)
    await ready(page)
    const replies = (await page.evaluate(() =>
      window.harness.raw([
        42,
        { type: 'request', id: 'seven', method: 'node.status', params: {} },
        { type: 'request', id: 7, method: 'no.such', params: {} },
        { type: 'request', id: 8, method: 'node.status', params: { extra: 1 } },
        { type: 'request', id: 9, method: 'harness.put', params: { key: 'k', value: 5 } },
        { type: 'request', id: 10, method: 'harness.put', params: 'not an object' },
        { type: 'request', id: 11, method: 'node.status', params: {} },
      ]),
    )) as { id: number; ok: boolean; error?: { name: string; message: string } }[]
    const byId = (id: number) => replies.filter((r) => r.id === id)
    expect(byId(-1).map((r) => r.error?.name)).toEqual(['MalformedError', 'MalformedError'])
    expect(byId(7)[0]?.error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/unknown method/),
    })
    expect(byId(8)[0]?.error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/params\.extra/),
    })
    expect(byId(9)[0]?.error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/params\.value/),
    })
    expect(byId(10)[0]?.error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^params:/),
    })
    expect(byId(11)[0]?.ok).toBe(true)
    // Through the typed client the errors come back as the named classes.
    expect(await call(page, 'harness.put', { key: '', value: 'x' })).toMatchObject({
      ok: false,
      name: 'ValidationError',
    })
  } finally {
    await ctx.close()
  }
})

test('without SharedWorker one tab runs the node and the other is told to use it, then takes over', async () => {
  const ctx = await openProfile(profile(), baseURL())
  try {
    await ctx.addInitScript(() => {
      // Chrome on Android before 148 has no SharedWorker (docs/design.md §1).
      Reflect.deleteProperty(window, 'SharedWorker')
    })
    const a = await openHarness(ctx, baseURL())
    const b = await openHarness(ctx, baseURL())
    await connect(a)
    expect((await ready(a)).host).toBe('dedicated-worker')
    await result(a, 'harness.put', { key: 'in-a', value: 'x' })
    await connect(b)
    const sb = await ready(b)
    expect(sb.phase).toBe('failed')
    expect(sb.error).toMatch(/^OtherTabActiveError: /)
    expect(await call(b, 'harness.keys')).toMatchObject({ ok: false, name: 'OtherTabActiveError' })
    await a.close()
    await expect.poll(() => b.evaluate(() => window.harness.isDetached()), { timeout: 10_000 }).toBe(false)
    await expect.poll(async () => (await ready(b)).phase, { timeout: 10_000 }).not.toBe('failed')
    expect(await result(b, 'harness.keys')).toEqual(['in-a'])
  } finally {
    await ctx.close()
  }
})
