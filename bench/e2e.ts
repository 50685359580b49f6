/**
 * End-to-end figures (issue "End-to-end"): the built app in Debian Chromium (one context per user)
 * against a real anchor. Post-to-visible latency between two browsers (p50/p95 over 20 posts, over
 * whatever path the node chose), cold sync of 10k posts from the anchor's mailbox into a fresh
 * browser, and app start to first feed paint with those 10k posts held.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { type Browser, chromium, type Page } from 'playwright-core'
import { build, preview } from 'vite'
import { launchOptions } from '../e2e/chromium.ts'
import { findWorkerUrl } from '../e2e/journeys/global-setup.ts'
import { rpcDoor } from '../e2e/journeys/rpc-door.ts'
import { type RunningAnchor, startAnchor } from '../relay-anchor/src/anchor.ts'
import type { RpcMethod, RpcParams, RpcResult } from '../src/core/api/index.ts'
import { formatConnectString } from '../src/core/app/connect-string.ts'
import { createPost, generateIdentity, libp2pPrivateKey, signProfile } from '../src/core/model/index.ts'
import { createDistsocLibp2p } from '../src/core/net/index.ts'
import { registerSyncProtocol } from '../src/core/sync/index.ts'
import { MemorySyncStore } from '../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../src/core/sync/test-support/model-verifier.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const COLD_POSTS = 10_000
const LATENCY_POSTS = 20

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

async function until(check: () => Promise<boolean>, ms: number, every = 50): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, every))
  }
  throw new Error(`not within ${ms} ms`)
}

interface Person {
  page: Page
  call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
}

async function person(browser: Browser, url: string, workerUrl: string, name: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: url, serviceWorkers: 'block' })
  // tsx's keepNames wraps functions passed to page.evaluate in a `__name` helper the page lacks
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  await page.goto('/')
  const dialog = page.getByRole('dialog', { name: 'Welcome to distsoc' })
  await dialog.waitFor({ timeout: 30_000 })
  await dialog.getByLabel('Display name (required)').fill(name)
  await dialog.getByRole('button', { name: 'Create my identity' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 })
  return { page, call: (method, params) => rpcDoor(page, workerUrl, method, params) }
}

/** Seeds the anchor with `n` signed posts of a fresh author who lists it, via a check-in pull. */
async function seedMailbox(anchor: RunningAnchor, n: number): Promise<{ connect: string; ms: number }> {
  const author = generateIdentity()
  const started = Date.now()
  const store = new MemorySyncStore()
  const base = Date.now() - n * 1000
  for (let i = 0; i < n; i++) {
    const post = await createPost(
      { identity: author, content: `seeded post ${i}`, attachments: [], created_at: base + i * 1000 },
      { type: 'public' },
    )
    store.seedPost(post)
  }
  const anchorAddr = anchor.multiaddrs[0]!
  store.seedProfile(
    await signProfile(author, {
      v: 1,
      author: author.nodeId,
      display_name: 'Prolific',
      bio: '',
      anchors: [anchorAddr],
      updated_at: Date.now() - 1000,
    }),
  )
  const node = await createDistsocLibp2p({ privateKey: libp2pPrivateKey(author), transports: [webSockets()] })
  await registerSyncProtocol(node, { store, verifier: modelVerifier })
  const held = anchor.mailbox.stats().posts
  await node.dial(multiaddr(anchorAddr))
  await until(async () => anchor.mailbox.stats().posts >= held + n, 300_000, 250)
  await node.stop()
  return { connect: formatConnectString(author.nodeId, [anchorAddr]), ms: Date.now() - started }
}

/** Waits in Bob's page for the node event of a post with `text`; resolves with Date.now() there. */
function seenAt(bob: Person, workerUrl: string, text: string): Promise<number> {
  return bob.page.evaluate(
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

async function latencyFigures(alice: Person, bob: Person, workerUrl: string): Promise<BenchFigure[]> {
  await bob.call('follow.add', { target: (await alice.call('profile.connectString', {})).connect })
  await alice.call('post.create', { content: 'warm-up', intent: { type: 'public' }, attachments: [] })
  await until(
    async () => (await bob.call('feed.page', { query: { type: 'home' }, limit: 5 })).posts.length > 0,
    60_000,
  )
  const aliceId = (await alice.call('node.status', {})).node_id
  const samples: number[] = []
  for (let i = 0; i < LATENCY_POSTS; i++) {
    const text = `latency ${i} ${Date.now()}`
    const seen = seenAt(bob, workerUrl, text)
    await new Promise((r) => setTimeout(r, 50))
    const sent = Date.now()
    await alice.call('post.create', { content: text, intent: { type: 'public' }, attachments: [] })
    samples.push(
      (await Promise.race([seen, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 15_000))])) -
        sent,
    )
  }
  const ok = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b)
  const path = (await bob.call('network.connections', {})).find((c) => c.peer === aliceId)?.path ?? 'none'
  const direct = path === 'webrtc'
  const note = `${ok.length}/${LATENCY_POSTS} arrived; Bob↔Alice path: ${path}${direct ? '' : ' (no direct WebRTC connection came up, so this is the anchor path: announcement over gossipsub via the anchor, then a pull)'}`
  const target = direct ? 300 : 1000
  return [
    {
      name: `Post-to-visible p50 (${direct ? 'direct WebRTC' : 'via the anchor'})`,
      value: percentile(ok, 50),
      unit: 'ms',
      comparedTo: `informational; p95 target ≤ ${target} ms`,
      note,
    },
    {
      name: `Post-to-visible p95 (${direct ? 'direct WebRTC' : 'via the anchor'})`,
      value: percentile(ok, 95),
      unit: 'ms',
      comparedTo: `target ≤ ${target} ms`,
      meetsTarget: ok.length === LATENCY_POSTS && percentile(ok, 95) <= target,
      note,
    },
  ]
}

async function firstFeedPaint(page: Page): Promise<number> {
  // A string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
  return (await page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const feed = document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-feed-view')
      if (feed?.shadowRoot?.querySelector('ds-post-card')?.shadowRoot?.querySelector('article')) resolve(performance.now())
      else requestAnimationFrame(check)
    }
    check()
  })`)) as number
}

/** Runs the end-to-end bench. */
export async function runE2eBench(): Promise<BenchSection> {
  const outDir = await mkdtemp(join(tmpdir(), 'distsoc-e2e-bench-'))
  const dataDir = await mkdtemp(join(tmpdir(), 'distsoc-e2e-bench-anchor-'))
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  const anchor = await startAnchor({ logLevel: 'error', dataDir })
  const addr = anchor.multiaddrs[0]!
  await writeFile(
    join(outDir, 'bootstrap.json'),
    JSON.stringify({ anchors: [{ addr, default: true }], default: { addr } }),
  )
  const workerUrl = findWorkerUrl(outDir)
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  })
  const url = server.resolvedUrls?.local[0]
  const browser = await chromium.launch(launchOptions)
  const figures: BenchFigure[] = []
  try {
    if (url === undefined) throw new Error('vite preview did not report its address')
    const alice = await person(browser, url, workerUrl, 'Alice')
    const bob = await person(browser, url, workerUrl, 'Bob')
    figures.push(...(await latencyFigures(alice, bob, workerUrl)))
    await alice.page.context().close()
    await bob.page.context().close()

    const seeded = await seedMailbox(anchor, COLD_POSTS)
    const fresh = await person(browser, url, workerUrl, 'Newcomer')
    const started = Date.now()
    await fresh.call('follow.add', { target: seeded.connect })
    const has = async (text: string): Promise<boolean> =>
      (await fresh.call('feed.page', { query: { type: 'custom', feed: { text } }, limit: 1 })).posts.length >
      0
    await until(
      async () => (await has('seeded post 0')) && (await has(`seeded post ${COLD_POSTS - 1}`)),
      300_000,
      100,
    )
    const seconds = (Date.now() - started) / 1000
    let count = 0
    let before: RpcParams<'feed.page'>['before']
    for (;;) {
      const page = await fresh.call('feed.page', {
        query: { type: 'home' },
        limit: 200,
        ...(before ? { before } : {}),
      })
      count += page.posts.length
      if (page.next === undefined || page.posts.length === 0) break
      before = page.next
    }
    figures.push({
      name: `Cold sync of ${COLD_POSTS} posts, anchor → fresh browser`,
      value: Math.round(seconds * 100) / 100,
      unit: 's',
      comparedTo: 'target ≤ 2 s',
      meetsTarget: seconds <= 2 && count >= COLD_POSTS,
      note: `${Math.round(count / seconds)} posts/s; ${count} posts in the feed after; from follow.add to the oldest and newest both stored; seeding the anchor took ${(seeded.ms / 1000).toFixed(1)} s`,
    })

    const context = fresh.page.context()
    await fresh.page.close()
    await new Promise((r) => setTimeout(r, 2000))
    const page = await context.newPage()
    await page.goto('/')
    const ms = await firstFeedPaint(page)
    figures.push({
      name: `App start to first feed paint, ${COLD_POSTS} posts held`,
      value: Math.round(ms),
      unit: 'ms',
      comparedTo: 'from navigation start, real node (storage restore + first page); informational',
    })
    await context.close()
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    await anchor.stop()
    await rm(outDir, { recursive: true, force: true })
    await rm(dataDir, { recursive: true, force: true })
  }
  return { title: 'End to end (two browsers, real anchor)', figures }
}
