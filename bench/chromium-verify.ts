/**
 * verifyPost per second in Chromium (issue 12: target ≥ 10k posts/s with WebCrypto Ed25519): the
 * model's code bundled with esbuild into a page on http://localhost (a secure context, so
 * WebCrypto is there), in the page's main thread.
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { launchOptions } from '../e2e/chromium.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const POSTS = 3000

/** `entry` (relative to this file) bundled for a page or a classic worker. */
async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
  })
  return out.outputFiles[0]?.text ?? ''
}

/** Runs the bench in a fresh headless Chromium; figures for one at a time, 32 and 512 concurrent, and the parts. */
export async function chromiumVerifyFigures(): Promise<BenchFigure[]> {
  const script = await bundle('./browser/verify-entry.ts')
  const thread = await bundle('../src/worker/verify/verifier-thread.ts')
  const browser = await chromium.launch(launchOptions)
  try {
    const page = await browser.newPage()
    await page.route('http://localhost/verify', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>verify</title>' }),
    )
    await page.route('http://localhost/verifier.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: thread }),
    )
    await page.goto('http://localhost/verify')
    await page.addScriptTag({ content: script })
    // As many verifier threads as the app starts (src/ui/rpc/connect.ts).
    const threads = (await page.evaluate(
      'Math.min(3, Math.max(1, (navigator.hardwareConcurrency ?? 2) - 1))',
    )) as number
    const r = (await page.evaluate(`runVerifyBench(${POSTS}, '/verifier.js', ${threads})`)) as {
      single: number
      concurrent: number
      batched: number
      pooled: number
      signatures: { inFlight: number; perSecond: number; syncShare: number }[]
      ids: number
    }
    const best = Math.max(...r.signatures.map((s) => s.perSecond))
    const note = `${POSTS} public posts by 10 authors, page main thread (the worker runs the same code)`
    return [
      {
        name: 'verifyPost in Chromium (WebCrypto Ed25519, one at a time)',
        value: Math.round(r.single),
        unit: 'posts/s',
        comparedTo: 'target ≥ 10k posts/s',
        meetsTarget: r.single >= 10_000,
        note,
      },
      {
        name: 'verifyPost in Chromium (WebCrypto Ed25519, 32 concurrent, as the requester does)',
        value: Math.round(r.concurrent),
        unit: 'posts/s',
        comparedTo: 'target ≥ 10k posts/s',
        meetsTarget: r.concurrent >= 10_000,
        note,
      },
      {
        name: 'verifyPost in Chromium (WebCrypto Ed25519, 512 concurrent, one sync batch)',
        value: Math.round(r.batched),
        unit: 'posts/s',
        comparedTo: 'target ≥ 10k posts/s',
        meetsTarget: r.batched >= 10_000,
        note,
      },
      {
        name: `verifyPost in Chromium, 512 concurrent, with the app's ${threads} verifier thread(s) (src/worker/verify)`,
        value: Math.round(r.pooled),
        unit: 'posts/s',
        comparedTo: 'target ≥ 10k posts/s; the same batch on one thread above',
        meetsTarget: r.pooled >= 10_000,
        note: `${note}; the calling thread checks what the threads cannot take (at most 1,024 checks in flight each)`,
      },
      ...r.signatures.map((s) => ({
        name: `WebCrypto Ed25519 verify alone in Chromium, ${s.inFlight} in flight (one imported key)`,
        value: Math.round(s.perSecond),
        unit: 'signatures/s',
        comparedTo: `ceiling of verifyPost (two checks a post): ${Math.round(best / 2)} posts/s`,
        note: `${Math.round(s.syncShare * 100)}% of the time is spent inside subtle.verify before it returns: Chromium checks the signature synchronously on the calling thread, so calls in flight run one after another; a SharedWorker cannot start a Worker, so the app's tabs start its verifier threads`,
      })),
      {
        name: 'Post id in Chromium (canonical CBOR + BLAKE3, noble)',
        value: Math.round(r.ids),
        unit: 'posts/s',
        comparedTo: 'informational (the other part of verifyPost)',
        note: 'the same posts, main thread',
      },
    ]
  } finally {
    await browser.close()
  }
}

/** The `verify-chromium` section of `npm run bench`. */
export async function runChromiumVerifyBench(): Promise<BenchSection> {
  const load = (await import('node:os')).loadavg()[0] ?? 0
  const figures = await chromiumVerifyFigures()
  for (const f of figures) f.note = `${f.note}; 1-min load average ${load.toFixed(1)} on 2 cores`
  return { title: 'verifyPost in Chromium (issue 12)', figures }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await chromiumVerifyFigures()) console.log(`${f.name}: ${f.value} ${f.unit}`)
}
