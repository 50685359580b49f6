import '../../scripts/polyfills.mjs'
import { type BrowserContext, expect, type Page, test } from '@playwright/test'
import type { Libp2p } from 'libp2p'
import { startRelay } from './webrtc-relay.ts'

// Two users (browser contexts), each a SharedWorker libp2p node whose WebRTC runs in a tab through
// the RTCPeerConnection shim (src/worker/webrtc, src/ui/webrtc-host). docs/design.md §1, §10.

const HARNESS = '/e2e/browser/webrtc-harness.html'
const MiB = 1024 * 1024

interface DialResult {
  ms: number
  remoteAddr: string
  limited: boolean
  direct: boolean
}

const contexts: BrowserContext[] = []

async function open(context: BrowserContext, query = ''): Promise<Page> {
  const page = await context.newPage()
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.log(`[page] ${msg.text()}`)
    if (process.env.WEBRTC_HOST_LOG === '1')
      console.log(`[${context === contexts[0] ? 'A' : 'B'}] ${msg.text()}`)
  })
  await page.goto(HARNESS + query)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready')
  return page
}

function call<T>(page: Page, cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  return page.evaluate(
    ([c, a]) =>
      (window as unknown as { harness: { call(c: string, a: unknown): Promise<unknown> } }).harness.call(
        c,
        a,
      ),
    [cmd, args] as const,
  ) as Promise<T>
}

const tabName = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { harness: { tabName: string } }).harness.tabName)

let relay: { node: Libp2p; addr: string }

test.beforeAll(async () => {
  relay = await startRelay()
})

test.afterAll(async () => {
  await relay?.node.stop()
})

test('a SharedWorker node dials another over direct WebRTC through its tab, and WebRTC survives the host tab closing', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const ctxA = await browser.newContext()
  const ctxB = await browser.newContext()
  contexts.splice(0, contexts.length, ctxA, ctxB)
  const a1 = await open(ctxA)
  const b = await open(ctxB)
  const a = await call<{ peerId: string; addrs: string[] }>(a1, 'start', { relay: relay.addr })
  const bInfo = await call<{ peerId: string; addrs: string[] }>(b, 'start', { relay: relay.addr })
  const bWebrtc = bInfo.addrs.find((ma) => ma.includes('/p2p-circuit/webrtc/'))
  expect(bWebrtc, `B announces a /p2p-circuit/webrtc address: ${bInfo.addrs.join(' ')}`).toBeDefined()

  // The first dial: relay carries the SDP handshake, then the connection is direct WebRTC.
  const first = await call<DialResult>(a1, 'dial', { addr: bWebrtc })
  expect(first.remoteAddr).toContain('/webrtc')
  expect(first.limited).toBe(false)
  const onB = await call<DialResult[]>(b, 'connections', { peer: a.peerId })
  const inbound = onB.find((c) => c.remoteAddr.includes('/webrtc'))
  expect(inbound?.remoteAddr).toBe(`/webrtc/p2p/${a.peerId}`)
  expect(inbound?.limited).toBe(false)

  const pings = await call<number[]>(a1, 'ping', { peer: bInfo.peerId })
  expect(pings).toHaveLength(5)

  // ≥ 1 MiB each way, one one-way stream per direction (more than the relay's 128 KiB limit).
  const ab = await call<{ ms: number }>(a1, 'send', { peer: bInfo.peerId, bytes: 2 * MiB })
  const ba = await call<{ ms: number }>(b, 'send', { peer: a.peerId, bytes: 2 * MiB })
  await expect
    .poll(() => call<{ bytes: number; bad: number }[]>(b, 'received'))
    .toEqual([expect.objectContaining({ bytes: 2 * MiB, bad: 0 })])
  await expect
    .poll(() => call<{ bytes: number; bad: number }[]>(a1, 'received'))
    .toEqual([expect.objectContaining({ bytes: 2 * MiB, bad: 0 })])

  // Hand-off: a second tab of A joins, the hosting tab closes, WebRTC moves to the second tab.
  const a2 = await open(ctxA)
  const hostBefore = await call<{ current: { name: string } | null }>(a2, 'host')
  expect(hostBefore.current?.name).toBe(await tabName(a1))
  const closedAt = Date.now()
  await a1.close()
  const a2Name = await tabName(a2)
  await expect
    .poll(() => call<{ current: { name: string } | null }>(a2, 'host').then((h) => h.current?.name), {
      timeout: 10_000,
    })
    .toBe(a2Name)
  const handOffMs = Date.now() - closedAt
  await expect
    .poll(
      () =>
        call<DialResult[]>(a2, 'connections', { peer: bInfo.peerId }).then((cs) =>
          cs.filter((c) => c.remoteAddr.includes('/webrtc')),
        ),
      { timeout: 10_000 },
    )
    .toEqual([])

  const second = await call<DialResult>(a2, 'dial', { addr: bWebrtc }).catch(async (err) => {
    const fs = await import('node:fs')
    fs.writeFileSync('/tmp/webrtc-a2.log', (await call<string[]>(a2, 'logs')).join('\n'))
    fs.writeFileSync('/tmp/webrtc-b.log', (await call<string[]>(b, 'logs')).join('\n'))
    throw err
  })
  expect(second.remoteAddr).toContain('/webrtc')
  expect(second.limited).toBe(false)
  const ab2 = await call<{ ms: number }>(a2, 'send', { peer: bInfo.peerId, bytes: 1 * MiB })
  await expect
    .poll(() => call<{ bytes: number; bad: number }[]>(b, 'received').then((r) => r.at(-1)))
    .toEqual(expect.objectContaining({ bytes: 1 * MiB, bad: 0 }))
  const pings2 = await call<number[]>(a2, 'ping', { peer: bInfo.peerId })

  const figures = {
    dialToOpenMs: Math.round(first.ms),
    redialAfterHandOffMs: Math.round(second.ms),
    handOffDetectedMs: handOffMs,
    pingMs: pings.map(Math.round),
    pingAfterHandOffMs: pings2.map(Math.round),
    aToB2MiBMs: Math.round(ab.ms),
    bToA2MiBMs: Math.round(ba.ms),
    aToB1MiBAfterHandOffMs: Math.round(ab2.ms),
  }
  console.log(`webrtc-shim figures ${JSON.stringify(figures)}`)
  test.info().annotations.push({ type: 'figures', description: JSON.stringify(figures) })
  await ctxA.close()
  await ctxB.close()
})

test('without a hosting tab the WebRTC dial fails fast with NoWebRtcHostError and the relay still works', async ({
  browser,
}) => {
  const ctxB = await browser.newContext()
  const ctxC = await browser.newContext()
  const b = await open(ctxB)
  const c = await open(ctxC, '?nohost')
  const bInfo = await call<{ peerId: string; addrs: string[] }>(b, 'start', { relay: relay.addr })
  await call(c, 'start', { relay: relay.addr })
  expect(await call<{ current: unknown }>(c, 'host')).toEqual({ current: null, log: [] })
  const bWebrtc = bInfo.addrs.find((ma) => ma.includes('/p2p-circuit/webrtc/'))!
  const t0 = Date.now()
  const err = await call<{ name: string; message: string } | null>(c, 'dial-error', { addr: bWebrtc })
  expect(Date.now() - t0).toBeLessThan(5_000)
  expect(JSON.stringify(err)).toContain('NoWebRtcHostError')
  const relayed = await call<DialResult>(c, 'dial', { addr: bWebrtc.replace('/webrtc/', '/') })
  expect(relayed.limited).toBe(true)
  await ctxB.close()
  await ctxC.close()
})
