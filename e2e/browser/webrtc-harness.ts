/**
 * Test-only page: connects to the harness SharedWorker, gives it a dedicated MessagePort served by
 * `startWebRtcHost`, and exposes `window.harness.call(cmd, args)` for Playwright.
 */
import { startWebRtcHost } from '../../src/ui/webrtc-host/index.ts'

const worker = new SharedWorker(new URL('./webrtc-harness-worker.ts', import.meta.url), {
  type: 'module',
  name: 'webrtc-harness',
})
const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
let nextId = 1
worker.port.onmessage = (
  event: MessageEvent<{ id: number; ok: boolean; value?: unknown; error?: string }>,
) => {
  const p = pending.get(event.data.id)
  pending.delete(event.data.id)
  if (event.data.ok) p?.resolve(event.data.value)
  else p?.reject(new Error(event.data.error))
}
worker.port.start()

function call(
  cmd: string,
  args: Record<string, unknown> = {},
  transfer: Transferable[] = [],
): Promise<unknown> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    worker.port.postMessage({ id, cmd, args }, transfer)
  })
}

// `?nohost` leaves this tab out of WebRTC hosting, to test the worker without any host.
const hosting = !location.search.includes('nohost')
const channel = new MessageChannel()
const log = (level: string) => (event: string, fields?: object) =>
  console.info(
    `[host ${level}] ${(performance.now() / 1000).toFixed(3)} ${event} ${JSON.stringify(fields ?? {})}`,
  )
const host = hosting
  ? startWebRtcHost(channel.port2, { logger: { warn: log('warn'), debug: log('debug') } })
  : undefined
const tabName = `tab-${Math.random().toString(36).slice(2, 8)}`
const ready = hosting
  ? call('attach-host', { port: channel.port1, name: tabName }, [channel.port1])
  : Promise.resolve()

Object.assign(window, { harness: { call, ready, tabName, host } })
ready.then(
  () => {
    document.getElementById('status')!.textContent = 'ready'
  },
  (err: Error) => {
    document.getElementById('status')!.textContent = `failed: ${err.message}`
  },
)
