/**
 * A CPU profile of the app's SharedWorker in Chromium, over the DevTools protocol (bench only):
 * Chromium is launched with `--remote-debugging-port`, the worker's target is found in
 * `/json/list`, and `Profiler.start` / `Profiler.stop` run on it. The profile is written as a
 * `.cpuprofile` (opens in Chrome DevTools or speedscope) and summarised by self time per function.
 */
import { writeFile } from 'node:fs/promises'
import WebSocket from 'ws'

/** A CDP connection to one target. */
interface Cdp {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>
  close(): void
}

async function connect(url: string): Promise<Cdp> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let next = 0
  const waiting = new Map<number, (msg: { result?: Record<string, unknown>; error?: unknown }) => void>()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: unknown }
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg)
  })
  return {
    send(method, params = {}) {
      const id = ++next
      ws.send(JSON.stringify({ id, method, params }))
      return new Promise((resolve, reject) => {
        waiting.set(id, (msg) => {
          waiting.delete(id)
          if (msg.error !== undefined) reject(new Error(`${method}: ${JSON.stringify(msg.error)}`))
          else resolve(msg.result ?? {})
        })
      })
    },
    close: () => ws.close(),
  }
}

/** A running profile of a SharedWorker. */
export interface WorkerProfile {
  /** Stops, writes `<file>` and resolves with the top self-time functions (ms) and WebSocket sends. */
  stop(file: string): Promise<ProfileSummary & { wsSends: number; wsBytes: number }>
}

/** The JS heap of the SharedWorker whose URL contains `urlPart` (sql.js's WASM memory is not in it). */
export async function sharedWorkerHeap(
  port: number,
  urlPart: string,
): Promise<{ used: number; total: number }> {
  const cdp = await connect(await workerTarget(port, urlPart))
  try {
    await cdp.send('HeapProfiler.collectGarbage').catch(() => ({}))
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number }
    return { used: heap.usedSize, total: heap.totalSize }
  } finally {
    cdp.close()
  }
}

/** Evaluates `expression` in the SharedWorker whose URL contains `urlPart`; its value (JSON-able). */
export async function evalInSharedWorker(
  port: number,
  urlPart: string,
  expression: string,
): Promise<unknown> {
  const cdp = await connect(await workerTarget(port, urlPart))
  try {
    const out = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value?: unknown }
    }
    return out.result.value
  } finally {
    cdp.close()
  }
}

async function workerTarget(port: number, urlPart: string): Promise<string> {
  let target: { webSocketDebuggerUrl?: string } | undefined
  for (let i = 0; i < 100 && target === undefined; i++) {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string
      url: string
      webSocketDebuggerUrl?: string
    }[]
    target = list.find((t) => t.type === 'shared_worker' && t.url.includes(urlPart))
    if (target === undefined) await new Promise((r) => setTimeout(r, 100))
  }
  if (target?.webSocketDebuggerUrl === undefined) throw new Error('no shared_worker target found')
  return target.webSocketDebuggerUrl
}

/** Starts profiling the first SharedWorker whose URL contains `urlPart`, on Chromium's debug `port`. */
export async function profileSharedWorker(port: number, urlPart: string): Promise<WorkerProfile> {
  const cdp = await connect(await workerTarget(port, urlPart))
  // Counts WebSocket sends of the worker (each yamux frame it writes is one, window updates included).
  await cdp.send('Runtime.evaluate', {
    expression: `(() => { const c = { n: 0, bytes: 0 }; globalThis.__wsSends = c; const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (d) { c.n++; c.bytes += d.byteLength ?? d.length ?? 0; return send.call(this, d) } })()`,
  })
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
  await cdp.send('Profiler.start')
  return {
    async stop(file) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
      const sends = (await cdp.send('Runtime.evaluate', {
        expression: 'JSON.stringify(globalThis.__wsSends)',
      })) as { result: { value: string } }
      cdp.close()
      await writeFile(file, JSON.stringify(profile))
      const ws = JSON.parse(sends.result.value) as { n: number; bytes: number }
      return { ...summarise(profile), wsSends: ws.n, wsBytes: ws.bytes }
    },
  }
}

/** The shape of a V8 CPU profile that the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Busy time of a profile and its functions with the most self time. */
export interface ProfileSummary {
  totalMs: number
  top: { name: string; selfMs: number }[]
}

/** Self time per function (name and file), the largest first; idle excluded. */
export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byNode = new Map<number, string>()
  for (const n of profile.nodes) {
    const file = n.callFrame.url.split('/').pop() ?? ''
    byNode.set(n.id, `${n.callFrame.functionName || '(anon)'} ${file}:${n.callFrame.lineNumber + 1}`)
  }
  const self = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const name = byNode.get(id) ?? '?'
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000
    if (name.startsWith('(idle)')) return
    busy += dt
    self.set(name, (self.get(name) ?? 0) + dt)
  })
  return {
    totalMs: Math.round(busy),
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, selfMs: Math.round(ms) })),
  }
}
