/**
 * End-to-end figures (issues "End-to-end" and 12): the built app in Debian Chromium (one context
 * per user) against a real anchor. Post-to-visible latency between two browsers (p50/p95 over 20
 * posts; the bench waits up to 30 s for a direct WebRTC connection and says which path it got),
 * then the cold-sync and start-up curves (bench/cold-sync.ts) at 1k, 10k and ≈50k posts.
 * `BENCH_COLD_SIZES=1000,10000` overrides the sizes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startAnchor } from '../relay-anchor/src/anchor.ts'
import type { NodeId } from '../src/core/model/types.ts'
import { buildApp, type Person, person, serveApp, until } from './app-under-test.ts'
import { type ColdSyncRun, cdpLaunchOptions, coldSync, coldSyncFigures } from './cold-sync.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const LATENCY_POSTS = 20
/** ≈50k: one session moves at most 50,000 items (posts + profiles), so the top point is 45k. */
const COLD_SIZES = [1000, 10_000, 45_000]
const WEBRTC_WAIT_MS = 30_000

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** Waits in Bob's page for the node event of a post with `text`; resolves with Date.now() there. */
function seenAt(page: Page, workerUrl: string, text: string): Promise<number> {
  return page.evaluate(
    ([url, t]) =>
      new Promise<number>((resolve) => {
        const w = window as unknown as { __benchPort?: MessagePort }
        if (w.__benchPort === undefined) {
          const worker = new SharedWorker(url, { type: 'module', name: 'distsoc' })
          worker.port.start()
          w.__benchPort = worker.port
        }
        const port = w.__benchPort
        const on = (ev: MessageEvent): void => {
          const f = ev.data as {
            type?: string
            event?: { type?: string; post?: { content?: string }; posts?: { content?: string }[] }
          }
          const posts = f.event?.type === 'posts.added' ? (f.event.posts ?? []) : [f.event?.post ?? {}]
          if (f.type === 'event' && f.event?.type?.startsWith('post') && posts.some((p) => p.content === t)) {
            port.removeEventListener('message', on)
            resolve(Date.now())
          }
        }
        port.addEventListener('message', on)
      }),
    [workerUrl, text] as const,
  )
}

async function pathTo(from: Person, peer: NodeId): Promise<string> {
  return (await from.call('network.connections', {})).find((c) => c.peer === peer)?.path ?? 'none'
}

async function latencyFigures(alice: Person, bob: Person, workerUrl: string): Promise<BenchFigure[]> {
  await bob.call('follow.add', { target: (await alice.call('profile.connectString', {})).connect })
  await alice.call('post.create', { content: 'warm-up', intent: { type: 'public' }, attachments: [] })
  await until(
    async () => (await bob.call('feed.page', { query: { type: 'home' }, limit: 5 })).posts.length > 0,
    60_000,
  )
  const aliceId = (await alice.call('node.status', {})).node_id as NodeId
  const waitStarted = Date.now()
  const direct = await until(async () => (await pathTo(bob, aliceId)) === 'webrtc', WEBRTC_WAIT_MS, 250).then(
    () => true,
    () => false,
  )
  const waited = ((Date.now() - waitStarted) / 1000).toFixed(1)
  const samples: number[] = []
  for (let i = 0; i < LATENCY_POSTS; i++) {
    const text = `latency ${i} ${Date.now()}`
    const seen = seenAt(bob.page, workerUrl, text)
    await new Promise((r) => setTimeout(r, 50))
    const sent = Date.now()
    await alice.call('post.create', { content: text, intent: { type: 'public' }, attachments: [] })
    samples.push(
      (await Promise.race([seen, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 15_000))])) -
        sent,
    )
  }
  const ok = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b)
  const path = await pathTo(bob, aliceId)
  const note = direct
    ? `${ok.length}/${LATENCY_POSTS} arrived; direct WebRTC came up after ${waited} s; path at the end: ${path}`
    : `${ok.length}/${LATENCY_POSTS} arrived; no direct WebRTC connection within ${WEBRTC_WAIT_MS / 1000} s (path: ${path}), so this is the anchor path: announcement over gossipsub via the anchor, then a pull`
  const label = direct ? 'direct WebRTC' : 'via the anchor, WebRTC did not come up'
  const target = direct ? 300 : 1000
  return [
    {
      name: `Post-to-visible p50 (${label})`,
      value: percentile(ok, 50),
      unit: 'ms',
      comparedTo: `informational; p95 target ≤ ${target} ms`,
      note,
    },
    {
      name: `Post-to-visible p95 (${label})`,
      value: percentile(ok, 95),
      unit: 'ms',
      comparedTo: `target ≤ ${target} ms`,
      meetsTarget: ok.length === LATENCY_POSTS && percentile(ok, 95) <= target,
      note,
    },
  ]
}

/** Runs the end-to-end bench. */
export async function runE2eBench(): Promise<BenchSection> {
  const sizes = process.env.BENCH_COLD_SIZES?.split(',').map(Number) ?? COLD_SIZES
  const app = await buildApp()
  const dataDir = await mkdtemp(join(tmpdir(), 'distsoc-e2e-bench-anchor-'))
  const browser = await chromium.launch(cdpLaunchOptions)
  const figures: BenchFigure[] = []
  try {
    const anchor = await startAnchor({ logLevel: 'error', dataDir })
    try {
      const served = await serveApp(app, anchor.multiaddrs[0] as string)
      try {
        const alice = await person(browser, served.url, app.workerUrl, 'Alice')
        const bob = await person(browser, served.url, app.workerUrl, 'Bob')
        figures.push(...(await latencyFigures(alice, bob, app.workerUrl)))
        await alice.context.close()
        await bob.context.close()
      } finally {
        await served.close()
      }
    } finally {
      await anchor.stop()
    }
    const port = Number(process.env.BENCH_ANCHOR_PORT ?? 4700 + Math.floor(Math.random() * 200))
    const runs: ColdSyncRun[] = []
    for (const n of sizes) runs.push(await coldSync(browser, app, n, port))
    figures.push(...coldSyncFigures(runs))
  } finally {
    await browser.close()
    await app.remove()
    await rm(dataDir, { recursive: true, force: true })
  }
  return { title: 'End to end (two browsers, real anchor)', figures }
}
