/**
 * Interleaved A/B of the worker's start with 10k rows (issue 12; bench tool, not part of
 * `npm run bench`): builds each checkout given in `AB_DIRS` (`label=dir,label=dir`) with the test
 * harness, serves each on its own port, seeds each origin once (10k rows, a snapshot), then
 * reloads them in turn `AB_ROUNDS` times (default 5; ports from `AB_PORT`, default 4850) and prints page load → node ready and the
 * worker's milestones per run, and their medians (`~phase` its duration, `@phase` its start). `AB_TRACE=1` also writes one Chromium trace per
 * checkout (the last round) and prints the worker thread's longest tasks.
 *
 *   nice node --import ./scripts/register-polyfills.mjs --import tsx bench/startup-ab.ts
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { launchOptions } from '../e2e/chromium.ts'
import { killGroup, spawnGroup } from './process-group.ts'

const HARNESS = '/e2e/browser/worker-harness.html'
const ROWS = 10_000
const ROW_BYTES = 600

interface Variant {
  label: string
  dir: string
  outDir: string
  port: number
  server?: ChildProcess
  context?: BrowserContext
  runs: Record<string, number>[]
}

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawnGroup(cmd, args, { cwd, env, stdio: 'inherit' })
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))))
  })
}

async function serve(v: Variant): Promise<void> {
  v.server = spawnGroup(
    'npx',
    ['vite', 'preview', '--outDir', v.outDir, '--port', String(v.port), '--strictPort'],
    { cwd: v.dir },
  )
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${v.port}${HARNESS}`)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`vite preview of ${v.label} did not start`)
}

async function call<T>(page: Page, method: string, params: unknown = {}): Promise<T> {
  const out = await page.evaluate(([m, p]) => window.harness.call(m, p), [method, params] as const)
  if (!out.ok) throw new Error(`${method}: ${out.name}: ${out.message}`)
  return out.result as T
}

async function open(v: Variant): Promise<Page> {
  const page = await (v.context as BrowserContext).newPage()
  await page.goto(`http://127.0.0.1:${v.port}${HARNESS}?connect`)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'harness ready')
  return page
}

/** Closes every page of the variant and waits until its SharedWorker is gone. */
async function closeAll(v: Variant): Promise<void> {
  for (const p of (v.context as BrowserContext).pages()) await p.close()
  await new Promise((r) => setTimeout(r, 1500))
}

async function once(v: Variant): Promise<Record<string, number>> {
  const page = await open(v)
  const readyMs = await page.evaluate(() => (window.harness as { readyMs?: number }).readyMs ?? Number.NaN)
  const info = await call<{
    marks: Record<string, number>
    phases: Record<string, { start: number; end: number }>
  }>(page, 'harness.info')
  const origin = await page.evaluate(() => performance.timeOrigin)
  const out: Record<string, number> = { ready: readyMs, load: loadavg()[0] as number }
  for (const [k, at] of Object.entries(info.marks)) out[k] = at - origin
  for (const [k, s] of Object.entries(info.phases)) {
    out[`~${k}`] = s.end - s.start
    out[`@${k}`] = s.start - origin
  }
  // Inside the worker: the page's side (when it creates the worker) varies most on a loaded machine.
  out['ready-in-worker'] = readyMs - (out['worker-created'] ?? Number.NaN)
  await closeAll(v)
  return out
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; data?: { url?: string; functionName?: string } }
}

/** The worker threads' top-level tasks and their longest children, from a Chromium trace. */
function summarise(trace: Buffer, label: string): void {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const names = new Map<string, string>()
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  const workers = [...names].filter(([, n]) => /Worker/i.test(n)).map(([k]) => k)
  for (const key of workers) {
    const mine = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.dur !== undefined)
    const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    if (tasks.length === 0) continue
    const t0 = Math.min(...mine.map((e) => e.ts))
    const total = tasks.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000
    console.log(`${label} ${names.get(key)} (${key}): ${tasks.length} tasks, ${total.toFixed(0)} ms busy`)
    const long = mine
      .filter(
        (e) => (e.dur ?? 0) > 8000 && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask',
      )
      .sort((a, b) => a.ts - b.ts)
    for (const e of long)
      console.log(
        `  +${((e.ts - t0) / 1000).toFixed(0).padStart(5)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${e.name} ${e.args?.data?.url?.split('/').pop() ?? e.args?.data?.functionName ?? ''}`,
      )
  }
}

async function main(): Promise<void> {
  const spec = process.env.AB_DIRS ?? ''
  const rounds = Number(process.env.AB_ROUNDS ?? 5)
  const variants: Variant[] = spec.split(',').map((s, i) => {
    const [label, dir] = s.split('=') as [string, string]
    return {
      label,
      dir,
      outDir: mkdtempSync(join(tmpdir(), `distsoc-ab-${label}-`)),
      port: Number(process.env.AB_PORT ?? 4850) + i,
      runs: [],
    }
  })
  for (const v of variants)
    await exec('npx', ['vite', 'build', '--outDir', v.outDir, '--emptyOutDir', '--logLevel', 'warn'], v.dir, {
      ...process.env,
      DISTSOC_E2E_HARNESS: '1',
    })
  const browser = await chromium.launch(launchOptions)
  try {
    for (const v of variants) {
      await serve(v)
      v.context = await browser.newContext()
      const page = await open(v)
      await call(page, 'harness.fill', { prefix: 'post', count: ROWS, bytes: ROW_BYTES })
      await call(page, 'harness.snapshot')
      await closeAll(v)
      await once(v) // warm the HTTP cache and the code cache, as a returning user has them
    }
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse()
      for (const v of order) {
        const trace = process.env.AB_TRACE === '1' && r === rounds - 1
        if (trace)
          await browser.startTracing(undefined, {
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'v8',
              'v8.execute',
              'blink',
              'toplevel',
              // AB_PROFILE=1: V8's sampling profiler too (which functions the tasks run)
              ...(process.env.AB_PROFILE === '1' ? ['disabled-by-default-v8.cpu_profiler'] : []),
            ],
          })
        const run = await once(v)
        if (trace) {
          const buf = await browser.stopTracing()
          writeFileSync(join(tmpdir(), `distsoc-ab-${v.label}.trace.json`), buf)
          summarise(buf, v.label)
          // The traced run's own milestones, to line the trace's tasks up with them.
          const byTime = Object.entries(run).sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0))
          console.log(
            `${v.label} traced run: ${byTime.map(([k, at]) => `${k} ${at?.toFixed(0)}`).join(', ')}`,
          )
        }
        v.runs.push(run)
        console.log(`${v.label} round ${r}: ready ${run.ready?.toFixed(0)} ms (load ${run.load?.toFixed(1)})`)
      }
    }
  } finally {
    await browser.close()
    for (const v of variants) {
      if (v.server !== undefined) await killGroup(v.server)
      rmSync(v.outDir, { recursive: true, force: true })
    }
  }
  const keys = [...new Set(variants.flatMap((v) => v.runs.flatMap((r) => Object.keys(r))))].sort(
    (a, b) =>
      (median(variants[0]?.runs.map((r) => r[a] ?? Number.NaN) ?? []) || 0) -
      (median(variants[0]?.runs.map((r) => r[b] ?? Number.NaN) ?? []) || 0),
  )
  console.log(['figure', ...variants.map((v) => v.label)].join('\t'))
  for (const k of keys)
    console.log(
      [k.padEnd(24), ...variants.map((v) => median(v.runs.map((r) => r[k] ?? Number.NaN)).toFixed(1))].join(
        '\t',
      ),
    )
  for (const v of variants) {
    console.log(`${v.label} ready runs: ${v.runs.map((r) => r.ready?.toFixed(0)).join(', ')}`)
    console.log(
      `${v.label} in-worker runs: ${v.runs.map((r) => r['ready-in-worker']?.toFixed(0)).join(', ')}`,
    )
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
