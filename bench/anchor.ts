/**
 * Anchor bench (docs/design.md §6): resident memory of a real anchor process when idle and while holding
 * 500 and 1,000 idle connections over 127.0.0.1 WebSockets (target ≤ 300 MB at 1,000). The
 * connections come from child processes of 250 peers each, so the bench process stays small.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { spawnAnchor } from '../relay-anchor/src/test-support.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const PER_CLIENT = 250
const STAGES = [500, 1000]
/** Stop adding stages once this much time has passed. */
const BUDGET_MS = 6 * 60 * 1000

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return Math.round(kb / 102.4) / 10
}

function startClients(addr: string, count: number): Promise<{ child: ChildProcess; opened: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      './scripts/register-polyfills.mjs',
      '--import',
      'tsx',
      'bench/anchor-clients.ts',
      addr,
      String(count),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ready (\d+) (\d+)/.exec(line)
      if (m !== null) resolve({ child, opened: Number(m[1]) })
    })
    child.once('exit', (code) => reject(new Error(`bench clients exited with ${code}`)))
  })
}

async function connections(metricsUrl: string): Promise<number> {
  const metrics = (await (await fetch(`${metricsUrl}/metrics?format=json`)).json()) as { connections: number }
  return metrics.connections
}

/** Measures the anchor's RSS idle and with 500 / 1,000 idle connections. */
export async function runAnchorBench(): Promise<BenchSection> {
  const started = Date.now()
  const anchor = await spawnAnchor(
    ['--port', '0', '--log-level', 'warn', '--max-connections', '3000'],
    'node',
  )
  const pid = anchor.child.pid!
  const figures: BenchFigure[] = []
  const clients: ChildProcess[] = []
  try {
    await new Promise((r) => setTimeout(r, 3000))
    figures.push({
      name: 'Anchor RSS, idle',
      value: await rssMb(pid),
      unit: 'MB',
      comparedTo: 'informational',
    })
    let held = 0
    for (const target of STAGES) {
      if (Date.now() - started > BUDGET_MS) break
      const t0 = Date.now()
      while (held < target) {
        const { child, opened } = await startClients(
          anchor.ready.multiaddrs[0]!,
          Math.min(PER_CLIENT, target - held),
        )
        clients.push(child)
        held += opened
        if (opened === 0) break
      }
      await new Promise((r) => setTimeout(r, 5000))
      const open = await connections(anchor.ready.metrics)
      const rss = await rssMb(pid)
      figures.push({
        name: `Anchor RSS with ${target} idle connections`,
        value: rss,
        unit: 'MB',
        comparedTo:
          target === 1000
            ? 'target ≤ 300 MB at 1,000 idle connections'
            : 'informational (target ≤ 300 MB at 1,000)',
        ...(target === 1000 ? { meetsTarget: rss <= 300 } : {}),
        note: `${open} connections open on the anchor; opened in ${Math.round((Date.now() - t0) / 1000)} s`,
      })
    }
  } finally {
    for (const c of clients) c.kill('SIGTERM')
    anchor.signal('SIGTERM')
    await anchor.exited
  }
  return { title: 'Relay anchor', figures }
}
