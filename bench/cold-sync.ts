/**
 * Cold sync into a fresh browser (issue 12), at several sizes: the anchor's mailbox is seeded with
 * `n` posts by 100 authors, a newcomer follows them all, and the bench times until every post is
 * stored (counted from the node's events), when the first post card showed, and how many progress
 * events the UI got. Then it reopens the app on those posts: page load → node ready, first feed
 * paint, snapshot size in OPFS and the worker's JS heap.
 * `COLD_SIZES=1000,10000` picks the sizes when run alone (`npx tsx bench/cold-sync.ts`);
 * `COLD_PROFILE=<dir>` also writes a CPU profile of the worker during each sync (Chromium's
 * DevTools port `COLD_CDP_PORT`, default 9229+1) and prints its top self times; `COLD_TIMELINE=1`
 * prints where the wall time went (cold-timeline.ts: every thread's time on and waiting for a core,
 * the anchor's bytes out, the posts the tab had, per 250 ms; the sessions the anchor served).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { launchOptions } from '../e2e/chromium.ts'
import { rpcDoor } from '../e2e/journeys/rpc-door.ts'
import { startAnchor } from '../relay-anchor/src/anchor.ts'
import type { FeedCursor } from '../src/core/api/index.ts'
import {
  type BuiltApp,
  buildApp,
  firstFeedPaint,
  median,
  type Person,
  person,
  serveApp,
  until,
  watchFirstFeedPaint,
} from './app-under-test.ts'
import { startColdTimeline } from './cold-timeline.ts'
import { seedMailbox } from './seed-mailbox.ts'
import type { BenchFigure } from './types.ts'
import {
  type CpuProfile,
  evalInSharedWorker,
  profileSharedWorker,
  sharedWorkerHeap,
  summarise,
  type WorkerProfile,
} from './worker-profile.ts'
import {
  milestoneNote,
  phaseFigures,
  type StartupReport,
  type StartupRun,
  startupRun,
} from './worker-startup.ts'

const PROFILE_DIR = process.env.COLD_PROFILE
const TIMELINE = process.env.COLD_TIMELINE === '1'
/** `COLD_ANCHOR_PROFILE=<dir>`: a CPU profile of this process's main thread (the anchor) during the sync. */
const ANCHOR_PROFILE_DIR = process.env.COLD_ANCHOR_PROFILE

/** Profiles this process's main thread (the anchor's) until the returned stop is called. */
async function profileSelf(): Promise<(file: string) => Promise<void>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  await session.post('Profiler.start')
  return async (file) => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
    session.disconnect()
    await writeFile(file, JSON.stringify(profile))
    const summary = summarise(profile)
    process.stderr.write(`anchor (bench process) CPU during the sync: ${summary.totalMs} ms busy\n`)
    for (const t of summary.top) process.stderr.write(`  ${String(t.selfMs).padStart(6)} ms  ${t.name}\n`)
  }
}
/** Chromium's DevTools port for the worker's profile and heap (launch with `cdpLaunchOptions`). */
export const CDP_PORT = Number(process.env.COLD_CDP_PORT ?? 9300 + Math.floor(Math.random() * 500))

/** Launch options with the DevTools port the cold-sync bench reads the worker through. */
export const cdpLaunchOptions = {
  ...launchOptions,
  args: [...launchOptions.args, `--remote-debugging-port=${CDP_PORT}`],
}

const AUTHORS = 100

/** What one cold sync of `posts` measured. */
export interface ColdSyncRun {
  posts: number
  seconds: number
  stored: number
  firstCardMs: number
  /** Ms after the follows until the first stored batch's `posts.added` event reached the tab. */
  firstPostsMs: number
  progressEvents: number
  events: number
  reopen: { readyMs: number; paintMs: number; startup: StartupRun }[]
  snapshotBytes: number
  seedMs: number
  /** The worker's JS heap after the sync (after a GC), NaN without a DevTools port. */
  heapBytes: number
}

/** Counts node events on a side port of the page's worker (post.added and batches, progress). */
async function countEvents(page: Page, workerUrl: string): Promise<void> {
  await page.evaluate(
    ([url]) => {
      const counter = { posts: 0, events: 0, progress: 0, firstPostsAt: 0, batches: [] as [number, number][] }
      ;(window as unknown as { __cold: typeof counter }).__cold = counter
      const worker = new SharedWorker(url as string, { type: 'module', name: 'distsoc' })
      worker.port.onmessage = (ev: MessageEvent) => {
        const f = ev.data as { type?: string; event?: { type?: string; posts?: unknown[] } }
        if (f.type !== 'event') return
        if (f.event?.type === 'post.added') {
          counter.posts++
          counter.events++
        } else if (f.event?.type === 'posts.added') {
          if (counter.firstPostsAt === 0) counter.firstPostsAt = performance.now()
          counter.batches.push([performance.now(), f.event.posts?.length ?? 0])
          counter.posts += f.event.posts?.length ?? 0
          counter.events++
        } else if (f.event?.type === 'sync.progress') counter.progress++
      }
      worker.port.start()
      ;(window as unknown as { __coldPort: MessagePort }).__coldPort = worker.port
    },
    [workerUrl] as const,
  )
}

async function counted(page: Page): Promise<{ posts: number; events: number; progress: number }> {
  return page.evaluate(
    () => (window as unknown as { __cold: { posts: number; events: number; progress: number } }).__cold,
  )
}

/** Ms since navigation start until a post card shows in the feed, polled from Node. */
function firstCardWatch(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const started = performance.now()
    const check = () => {
      const feed = document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-feed-view')
      if (feed?.shadowRoot?.querySelector('ds-post-card')) resolve(performance.now() - started)
      else setTimeout(check, 20)
    }
    check()
  })`) as Promise<number>
}

async function storedCount(p: Person): Promise<number> {
  let count = 0
  let before: FeedCursor | undefined
  for (;;) {
    const page = await p.call('feed.page', {
      query: { type: 'home' },
      limit: 200,
      ...(before ? { before } : {}),
    })
    count += page.posts.length
    if (page.next === undefined || page.posts.length === 0) return count
    before = page.next
  }
}

/**
 * Page load → node ready (status polled on a side port) and first feed paint, both from navigation,
 * with the worker's start-up milestones (`network.diagnostics.startup`) on the page's clock.
 */
async function reopen(p: Person, workerUrl: string): Promise<ColdSyncRun['reopen'][number]> {
  for (const old of p.context.pages()) await old.close()
  await new Promise((r) => setTimeout(r, 1500))
  const page = await p.context.newPage()
  await watchFirstFeedPaint(page)
  await page.goto('/')
  const readyMs = await page.evaluate(
    ([url]) =>
      new Promise<number>((resolve) => {
        const worker = new SharedWorker(url as string, { type: 'module', name: 'distsoc' })
        let id = 0
        worker.port.onmessage = (ev: MessageEvent) => {
          const f = ev.data as { type?: string; result?: { phase?: string } }
          if (f.type !== 'response') return
          if (f.result?.phase === 'ready') resolve(performance.now())
          else setTimeout(ask, 5)
        }
        const ask = () =>
          worker.port.postMessage({ type: 'request', id: ++id, method: 'node.status', params: {} })
        worker.port.start()
        ask()
      }),
    [workerUrl] as const,
  )
  const paintMs = await firstFeedPaint(page)
  p.page = page
  p.call = (method, params) => rpcDoor(page, workerUrl, method, params)
  const diagnostics = (await p.call('network.diagnostics', {})) as { startup?: StartupReport }
  const origin = await page.evaluate(() => performance.timeOrigin)
  const pageMarks = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const js = performance.getEntriesByType('resource').find((r) => /\\/assets\\/main-.*\\.js$/.test(r.name))
    return { 'html-response-end': nav?.responseEnd, 'dom-interactive': nav?.domInteractive, 'page-js-loaded': js?.responseEnd }
  })()`)) as Record<string, number>
  const startup = startupRun(diagnostics.startup ?? {}, origin, {
    ...pageMarks,
    'page-ready': readyMs,
    'first-paint': paintMs,
  })
  return { readyMs, paintMs, startup }
}

async function snapshotBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory()
    const dir = await root.getDirectoryHandle('distsoc')
    let newest = 0
    for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
      if (handle.kind === 'file')
        newest = Math.max(newest, (await (handle as FileSystemFileHandle).getFile()).size)
    }
    return newest
  })
}

/** One cold sync of `posts` posts through a fresh anchor on `port`. */
export async function coldSync(
  browser: Browser,
  app: BuiltApp,
  posts: number,
  port: number,
): Promise<ColdSyncRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'distsoc-cold-anchor-'))
  const seeded = await seedMailbox(dataDir, port, posts, AUTHORS)
  // with the timeline, the anchor's debug log tells the sessions it served ('sync:served')
  const sessions: string[] = []
  let started = Date.now()
  const anchor = await startAnchor({
    logLevel: TIMELINE ? 'debug' : 'error',
    logSink: (line) => {
      const entry = JSON.parse(line) as { level: string; event: string; posts?: number; error?: string }
      if (entry.event === 'sync:served' || entry.event === 'sync:serve-failed')
        sessions.push(`${entry.error ?? entry.posts} posts, ended at ${Date.now() - started} ms`)
      else if (entry.level === 'error') process.stderr.write(`${line}\n`)
    },
    dataDir,
    port,
    quota: { perAuthorPosts: 1_000_000, perAuthorBytes: 2 ** 40 },
  })
  const served = await serveApp(app, seeded.anchorAddr)
  try {
    const fresh = await person(browser, served.url, app.workerUrl, 'Newcomer')
    await countEvents(fresh.page, app.workerUrl)
    const card = firstCardWatch(fresh.page)
    const profiler: WorkerProfile | undefined =
      PROFILE_DIR === undefined ? undefined : await profileSharedWorker(CDP_PORT, app.workerUrl)
    const timeline = TIMELINE ? startColdTimeline() : undefined
    const stopSelf = ANCHOR_PROFILE_DIR === undefined ? undefined : await profileSelf()
    if (TIMELINE) {
      performance.clearMarks()
      await evalInSharedWorker(CDP_PORT, app.workerUrl, 'performance.clearMarks()')
    }
    started = Date.now()
    timeline?.start()
    const t0 = (await fresh.page.evaluate('performance.now()')) as number
    await Promise.all(seeded.connects.map((target) => fresh.call('follow.add', { target })))
    await until(async () => (await counted(fresh.page)).posts >= posts, 600_000, 50)
    const seconds = (Date.now() - started) / 1000
    if (stopSelf !== undefined && ANCHOR_PROFILE_DIR !== undefined)
      await stopSelf(join(ANCHOR_PROFILE_DIR, `anchor-${posts}-${Date.now()}.cpuprofile`))
    if (timeline !== undefined) {
      const batches = (await fresh.page.evaluate('window.__cold.batches')) as [number, number][]
      const lines = await timeline.stop(batches.map(([t, n]) => [t - t0, n]))
      const firstBatches = batches.slice(0, 3).map(([t, n]) => `${n} at ${Math.round(t - t0)}`)
      lines.push(`  ${batches.length} posts events; first ${firstBatches.join(', ')} ms`)
      // performance marks the worker (W) and the anchor (A) made during the sync, if any (add them
      // by hand to see a session's steps; the product makes none)
      const marks = (await evalInSharedWorker(
        CDP_PORT,
        app.workerUrl,
        'JSON.stringify({ origin: performance.timeOrigin, marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]) })',
      )) as string
      const worker = JSON.parse(marks) as { origin: number; marks: [string, number][] }
      const all = [
        ...worker.marks.map(([n, t]) => [`W ${n}`, worker.origin + t - started] as const),
        ...performance
          .getEntriesByType('mark')
          .map((m) => [`A ${m.name}`, performance.timeOrigin + m.startTime - started] as const),
      ].sort((a, b) => a[1] - b[1])
      // runs of one mark are shown as one line: the first and last time, and how many
      for (let i = 0; i < all.length; ) {
        const [name, at] = all[i] as (typeof all)[number]
        let j = i
        while (j + 1 < all.length && all[j + 1]?.[0] === name) j++
        const last = (all[j] as (typeof all)[number])[1]
        const run = j > i ? ` ×${j - i + 1} until ${last.toFixed(0)}` : ''
        lines.push(`  ${at.toFixed(0).padStart(6)} ${name}${run}`)
        i = j + 1
      }
      for (const line of lines) process.stderr.write(`${line}\n`)
    }
    if (profiler !== undefined && PROFILE_DIR !== undefined) {
      const summary = await profiler.stop(join(PROFILE_DIR, `cold-${posts}-${Date.now()}.cpuprofile`))
      process.stderr.write(
        `worker CPU during the sync: ${summary.totalMs} ms busy, ${summary.wsSends} WebSocket sends (${summary.wsBytes} B)\n`,
      )
      for (const t of summary.top) process.stderr.write(`  ${String(t.selfMs).padStart(6)} ms  ${t.name}\n`)
    }
    const firstCardMs = await Promise.race([
      card,
      new Promise<number>((r) => setTimeout(() => r(Number.NaN), 1000)),
    ])
    const { events, progress } = await counted(fresh.page)
    const firstPostsMs = ((await fresh.page.evaluate('window.__cold.firstPostsAt')) as number) - t0
    process.stderr.write(
      `cold sync of ${posts}: ${seconds.toFixed(2)} s, ${events} events, ${progress} progress\n`,
    )
    const stored = await storedCount(fresh)
    const heap = await sharedWorkerHeap(CDP_PORT, app.workerUrl).catch(() => undefined)
    // The snapshot follows a 2 s quiet spell (at most 30 s after the first write).
    await new Promise((r) => setTimeout(r, 4000))
    if (TIMELINE) process.stderr.write(`  sessions the anchor served: ${sessions.join('; ')}\n`)
    const snap = await snapshotBytes(fresh.page)
    const reopened: ColdSyncRun['reopen'] = []
    for (let i = 0; i < 3; i++) reopened.push(await reopen(fresh, app.workerUrl))
    await fresh.context.close()
    return {
      posts,
      seconds,
      stored,
      firstCardMs,
      firstPostsMs,
      progressEvents: progress,
      events,
      reopen: reopened,
      snapshotBytes: snap,
      seedMs: seeded.ms,
      heapBytes: heap?.used ?? Number.NaN,
    }
  } finally {
    await served.close()
    await anchor.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Figures of the runs: the cold-sync curve and the start-up curve. */
export function coldSyncFigures(runs: readonly ColdSyncRun[]): BenchFigure[] {
  const out: BenchFigure[] = []
  for (const r of runs) {
    const target = r.posts === 10_000
    out.push({
      name: `Cold sync of ${r.posts} posts by ${AUTHORS} authors, anchor → fresh browser`,
      value: Math.round(r.seconds * 100) / 100,
      unit: 's',
      comparedTo: target ? 'target ≤ 2 s (stock Nostr web client ≈ 9.4 s, issue 12)' : 'growth curve',
      ...(target ? { meetsTarget: r.seconds <= 2 && r.stored === r.posts } : {}),
      note: `${Math.round(r.posts / r.seconds)} posts/s; ${r.stored} in the feed after; ${r.events} post events, ${r.progressEvents} progress events; first posts event after ${Math.round(r.firstPostsMs)} ms, first card after ${Math.round(r.firstCardMs)} ms; seeding took ${(r.seedMs / 1000).toFixed(1)} s`,
    })
  }
  for (const r of runs) {
    const ready = median(r.reopen.map((x) => x.readyMs))
    const paint = median(r.reopen.map((x) => x.paintMs))
    const target = r.posts === 10_000
    out.push({
      name: `App start → node ready, ${r.posts} posts held (real node, median of ${r.reopen.length})`,
      value: Math.round(ready),
      unit: 'ms',
      comparedTo: target ? 'target ≤ 500 ms' : 'growth curve',
      ...(target ? { meetsTarget: ready <= 500 } : {}),
      note: `runs ${r.reopen.map((x) => Math.round(x.readyMs)).join(', ')}`,
    })
    out.push({
      name: `App start → first feed paint, ${r.posts} posts held (real node, median of ${r.reopen.length})`,
      value: Math.round(paint),
      unit: 'ms',
      comparedTo: target ? 'target ≤ 1 s' : 'growth curve',
      ...(target ? { meetsTarget: paint <= 1000 } : {}),
      note: `runs ${r.reopen.map((x) => Math.round(x.paintMs)).join(', ')}; milestones, ms after navigation start (median): ${milestoneNote(r.reopen.map((x) => x.startup))}`,
    })
    out.push({
      name: `Worker JS heap after the cold sync of ${r.posts} posts (after a GC)`,
      value: Math.round((r.heapBytes / 2 ** 20) * 10) / 10,
      unit: 'MiB',
      comparedTo: 'growth curve',
      note: "sql.js's WASM memory (≥ the snapshot size) comes on top",
    })
    out.push({
      name: `Snapshot size in OPFS, ${r.posts} posts`,
      value: Math.round((r.snapshotBytes / 2 ** 20) * 100) / 100,
      unit: 'MiB',
      comparedTo: 'growth curve',
    })
  }
  return out
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = (process.env.COLD_SIZES ?? '10000').split(',').map(Number)
  const port = Number(process.env.BENCH_ANCHOR_PORT ?? 4462)
  const app = await buildApp()
  const browser = await chromium.launch(cdpLaunchOptions)
  try {
    const runs: ColdSyncRun[] = []
    for (const n of sizes) {
      runs.push(await coldSync(browser, app, n, port))
      console.log(JSON.stringify(runs.at(-1)))
    }
    for (const f of coldSyncFigures(runs)) console.log(`${f.name}: ${f.value} ${f.unit} — ${f.note ?? ''}`)
    for (const r of runs)
      for (const f of phaseFigures(
        r.reopen.map((x) => x.startup),
        r.posts,
      ))
        console.log(`${f.name}: ${f.value} ms — ${f.note}`)
  } finally {
    await browser.close()
    await app.remove()
  }
}
