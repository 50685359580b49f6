/**
 * Where a cold sync's wall time goes (issue 12, bench only; `COLD_TIMELINE=1` in cold-sync.ts).
 * Three clocks side by side, in buckets from the follows on:
 * - every thread of this process (the anchor runs in it) and of each Chromium process it launched,
 *   from `/proc/<pid>/task/<tid>/schedstat`: time on a core, and time runnable but waiting for one
 *   (the 2-core machine's contention);
 * - the anchor's WebSocket writes (binary `ws` sends of this process: the sync's bytes);
 * - the posts the tab was told of (`posts.added` per batch, from the page).
 * Linux only; elsewhere the thread part is empty.
 */
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import WebSocket from 'ws'

/** Run and run-queue wait of one thread, ns. */
interface ThreadTimes {
  label: string
  run: number
  wait: number
}

/**
 * The sampler, run in a worker thread (plain JS, so no loader is needed there) so that reading
 * /proc does not take the anchor's thread: every `everyMs` it reads each thread's schedstat (the
 * list of processes and threads, and their names, every 500 ms).
 */
const SAMPLER = `
const { readdirSync, readFileSync } = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
const read = (p) => { try { return readFileSync(p, 'utf8') } catch { return undefined } }
const renderers = new Map()
const kindOf = (pid) => {
  if (pid === workerData.pid) return 'node'
  // Chromium rewrites its title: the arguments may be joined by spaces, not NULs
  const cmd = (read('/proc/' + pid + '/cmdline') || '').split(/[\\0 ]/)
  const type = (cmd.find((a) => a.startsWith('--type=')) || '').slice(7)
  if (type === '') return (cmd[0] || '').includes('chrom') ? 'browser' : ((cmd[0] || '?').split('/').pop())
  if (type === 'renderer') {
    if (!renderers.has(pid)) renderers.set(pid, renderers.size + 1)
    return 'renderer' + renderers.get(pid)
  }
  const sub = (cmd.find((a) => a.startsWith('--utility-sub-type=')) || '').split('.')[1]
  return sub === undefined ? type : type + ':' + sub
}
const family = () => {
  const parent = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\\d+$/.test(name)) continue
    const stat = read('/proc/' + name + '/stat')
    if (stat === undefined) continue
    parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
  }
  const ours = new Set([workerData.pid])
  for (let changed = true; changed; ) {
    changed = false
    for (const [pid, ppid] of parent) if (!ours.has(pid) && ours.has(ppid)) { ours.add(pid); changed = true }
  }
  return [...ours]
}
let threads = []
let listedAt = 0
const list = () => {
  threads = []
  for (const pid of family()) {
    const kind = kindOf(pid)
    let tids = []
    try { tids = readdirSync('/proc/' + pid + '/task') } catch { continue }
    for (const tid of tids) {
      const comm = (read('/proc/' + pid + '/task/' + tid + '/comm') || '?').trim()
      threads.push({ key: pid + '/' + tid, path: '/proc/' + pid + '/task/' + tid + '/schedstat', label: kind + '/' + comm })
    }
  }
  listedAt = Date.now()
}
const samples = []
const tick = () => {
  if (Date.now() - listedAt > 500) list()
  const out = {}
  for (const t of threads) {
    const sched = read(t.path)
    if (sched === undefined) continue
    const [run, wait] = sched.split(' ').map(Number)
    out[t.key] = { label: t.label, run, wait }
  }
  samples.push({ at: Date.now(), threads: out })
}
tick()
const timer = setInterval(tick, workerData.everyMs)
parentPort.on('message', (m) => {
  if (m === 'tick') tick()
  else { clearInterval(timer); tick(); parentPort.postMessage(samples) }
})
`

/** A running timeline; `stop` returns its report as text lines. */
export interface ColdTimeline {
  /** Marks the moment the follows were sent (bucket 0). */
  start(): void
  stop(batches: readonly [number, number][]): Promise<string[]>
}

/** Starts sampling every `everyMs`, reporting in buckets of `bucketMs`. */
export function startColdTimeline(everyMs = 50, bucketMs = 250): ColdTimeline {
  const sampler = new Worker(SAMPLER, { eval: true, workerData: { pid: process.pid, everyMs } })
  const sends: [number, number][] = []
  const proto = WebSocket.prototype as unknown as { send: (data: unknown, ...rest: unknown[]) => void }
  const send = proto.send
  proto.send = function (this: unknown, data: unknown, ...rest: unknown[]) {
    if (typeof data !== 'string') {
      const n = (data as { byteLength?: number }).byteLength ?? 0
      sends.push([Date.now(), n])
    }
    return send.call(this, data, ...rest)
  }
  let t0 = Date.now()
  return {
    start() {
      t0 = Date.now()
      sampler.postMessage('tick')
    },
    async stop(batches) {
      const end = Date.now()
      proto.send = send
      sampler.postMessage('stop')
      const raw = await new Promise<{ at: number; threads: Record<string, ThreadTimes> }[]>((resolve) =>
        sampler.once('message', resolve),
      )
      await sampler.terminate()
      const samples = raw.map((x) => ({ at: x.at, threads: new Map(Object.entries(x.threads)) }))
      const lines: string[] = []
      // totals over the window, by label (threads of one name in one process kind summed)
      const first = samples.find((s) => s.at >= t0 - everyMs) ?? samples[0]
      const last = samples[samples.length - 1]
      if (first === undefined || last === undefined) return lines
      const totals = new Map<string, { run: number; wait: number }>()
      for (const [key, t] of last.threads) {
        const before = first.threads.get(key)
        const run = (t.run - (before?.run ?? 0)) / 1e6
        const wait = (t.wait - (before?.wait ?? 0)) / 1e6
        const sum = totals.get(t.label) ?? { run: 0, wait: 0 }
        sum.run += run
        sum.wait += wait
        totals.set(t.label, sum)
      }
      const top = [...totals.entries()].filter(([, v]) => v.run >= 20).sort((a, b) => b[1].run - a[1].run)
      const wallMs = end - t0
      const allRun = [...totals.values()].reduce((n, v) => n + v.run, 0)
      lines.push(
        `timeline: ${wallMs} ms wall; ${Math.round(allRun)} ms on a core in all our threads (${(allRun / wallMs).toFixed(2)} cores); load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      )
      for (const [label, v] of top)
        lines.push(
          `  ${label.padEnd(40)} run ${String(Math.round(v.run)).padStart(6)} ms  waited ${String(Math.round(v.wait)).padStart(6)} ms`,
        )
      // per bucket: the top threads' run ms, the anchor's bytes sent, posts the tab had by then
      const cols = top.slice(0, 6).map(([label]) => label)
      lines.push(
        `  ${'ms'.padStart(6)} ${'KB out'.padStart(7)} ${'posts'.padStart(6)} ${cols.map((c) => c.slice(-14).padStart(15)).join('')}`,
      )
      const at = (ms: number): Map<string, { run: number; wait: number }> => {
        const s = [...samples].reverse().find((x) => x.at <= ms) ?? samples[0]
        const byLabel = new Map<string, { run: number; wait: number }>()
        for (const t of s?.threads.values() ?? []) {
          const v = byLabel.get(t.label) ?? { run: 0, wait: 0 }
          v.run += t.run
          v.wait += t.wait
          byLabel.set(t.label, v)
        }
        return byLabel
      }
      for (let b = 0; t0 + b * bucketMs < end; b++) {
        const from = t0 + b * bucketMs
        const to = from + bucketMs
        const kb = sends.filter(([t]) => t >= from && t < to).reduce((n, [, x]) => n + x, 0) / 1024
        const posts = batches.filter(([t]) => t < to - t0).reduce((n, [, x]) => n + x, 0)
        const a = at(from)
        const z = at(to)
        const cells = cols.map((c) => {
          const run = ((z.get(c)?.run ?? 0) - (a.get(c)?.run ?? 0)) / 1e6
          const wait = ((z.get(c)?.wait ?? 0) - (a.get(c)?.wait ?? 0)) / 1e6
          return `${Math.round(run)}/${Math.round(wait)}`.padStart(15)
        })
        lines.push(
          `  ${String(b * bucketMs).padStart(6)} ${kb.toFixed(0).padStart(7)} ${String(posts).padStart(6)} ${cells.join('')}`,
        )
      }
      lines.push('  (cells: ms on a core / ms runnable waiting for one, per bucket)')
      return lines
    },
  }
}
