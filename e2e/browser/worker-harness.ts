/**
 * Test page for the worker node (worker-*.spec.ts, bench/worker.ts): exposes `window.harness` to
 * connect through the real `connectToNode`, call methods (contract and harness ones), collect
 * events, stream writes, post raw frames and poke at OPFS. Uses the worker name
 * `distsoc-harness`, which enables the harness RPC methods.
 */
import type { NodeEvent } from '../../src/core/api/index.ts'
import { connectToNode, type RpcClient } from '../../src/ui/rpc/index.ts'
import { createOpfsLog } from '../../src/worker/storage/index.ts'

/** A call's outcome as plain data (errors cross page.evaluate as text otherwise). */
export type Outcome = { ok: true; result: unknown } | { ok: false; name: string; message: string }

const NAME = 'distsoc-harness'
let client: RpcClient | undefined
const events: NodeEvent[] = []

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, result: await p }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err))
    return { ok: false, name: e.name, message: e.message }
  }
}

function connected(): RpcClient {
  if (client === undefined) throw new Error('harness: call connect() first')
  return client
}

async function snapshotFile(slot: number, create = false): Promise<FileSystemFileHandle> {
  const root = await navigator.storage.getDirectory()
  const dir = await root.getDirectoryHandle('distsoc', { create })
  return dir.getFileHandle(`snapshot-${slot}.bin`, { create })
}

function toBase64(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}

/** Every string and byte string inside a stored IDB value, UTF-8 for strings (keys, SQL, params). */
function valueBytes(value: unknown, out: Uint8Array[]): void {
  if (typeof value === 'string') out.push(new TextEncoder().encode(value))
  else if (value instanceof Uint8Array) out.push(value)
  else if (value instanceof ArrayBuffer) out.push(new Uint8Array(value))
  else if (ArrayBuffer.isView(value))
    out.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
  else if (Array.isArray(value)) for (const v of value) valueBytes(v, out)
  else if (typeof value === 'object' && value !== null && !(value instanceof CryptoKey))
    for (const [k, v] of Object.entries(value)) {
      out.push(new TextEncoder().encode(k))
      valueBytes(v, out)
    }
}

async function opfsFiles(
  dir: FileSystemDirectoryHandle,
  path: string,
  out: Record<string, string>,
): Promise<void> {
  for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind === 'directory')
      await opfsFiles(handle as FileSystemDirectoryHandle, `${path}${name}/`, out)
    else {
      const file = await (handle as FileSystemFileHandle).getFile()
      out[`opfs:${path}${name}`] = toBase64(new Uint8Array(await file.arrayBuffer()))
    }
  }
}

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function idbStores(out: Record<string, string>): Promise<void> {
  for (const info of await indexedDB.databases()) {
    if (info.name === undefined) continue
    const open = indexedDB.open(info.name)
    const db = await idbRequest(open)
    try {
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName)
        const [keys, values] = await Promise.all([idbRequest(store.getAllKeys()), idbRequest(store.getAll())])
        const parts: Uint8Array[] = []
        valueBytes(keys, parts)
        valueBytes(values, parts)
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0))
        let at = 0
        for (const p of parts) {
          all.set(p, at)
          at += p.length + 1
        }
        out[`idb:${info.name}/${storeName}`] = toBase64(all)
      }
    } finally {
      db.close()
    }
  }
}

const harness = {
  events,
  /**
   * Every byte this origin keeps in OPFS (each file) and IndexedDB (each object store: its keys and
   * the strings and byte strings of its values), base64 per source, for scans for secrets at rest.
   */
  async storageBytes(): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    await opfsFiles(await navigator.storage.getDirectory(), '', out)
    await idbStores(out)
    return out
  },
  async connect(mode: 'auto' | 'shared' | 'dedicated' = 'auto'): Promise<void> {
    const started = performance.now()
    client = await connectToNode({ name: NAME, mode, timeoutMs: 20_000 })
    client.on((e) => events.push(e))
    ;(harness as { connectMs?: number }).connectMs = performance.now() - started
  },
  isDetached: (): boolean => connected().isDetached,
  call: (method: string, params: unknown = {}): Promise<Outcome> =>
    outcome(connected().callRaw(method, params)),
  /** Waits until node.status leaves `starting`; returns it and the time since page start. */
  async ready(): Promise<{ status: unknown; ms: number }> {
    for (;;) {
      const status = (await connected().callRaw('node.status', {})) as { phase: string }
      if (status.phase !== 'starting') return { status, ms: performance.now() }
      await new Promise((r) => setTimeout(r, 5))
    }
  },
  /** Writes `prefix0, prefix1, …` with `concurrency` calls in flight; `acked(key)` after each answer. */
  stream(prefix: string, concurrency: number): void {
    let i = 0
    const ack = (window as unknown as { acked?: (k: string) => void }).acked
    const next = async (): Promise<void> => {
      for (;;) {
        const key = `${prefix}${String(i++).padStart(6, '0')}`
        await connected().callRaw('harness.put', { key, value: key })
        ack?.(key)
      }
    }
    for (let c = 0; c < concurrency; c++) void next().catch(() => {})
  },
  /** Posts raw values on a fresh port to the harness worker and returns what comes back. */
  async raw(frames: unknown[], waitMs = 1500): Promise<unknown[]> {
    const worker = new SharedWorker(new URL('../../src/worker/main.ts', import.meta.url), {
      type: 'module',
      name: NAME,
    })
    const got: unknown[] = []
    worker.port.onmessage = (ev) => got.push(ev.data)
    worker.port.start()
    for (const f of frames) worker.port.postMessage(f)
    const deadline = performance.now() + waitMs
    while (
      performance.now() < deadline &&
      got.filter((g) => (g as { type?: string }).type === 'response').length < frames.length
    ) {
      await new Promise((r) => setTimeout(r, 10))
    }
    worker.port.close()
    return got.filter((g) => (g as { type?: string }).type === 'response')
  },
  async readSnapshot(slot: number): Promise<string | null> {
    try {
      const file = await (await snapshotFile(slot)).getFile()
      // A digest, not the bytes: copying megabytes through page.evaluate takes seconds under load.
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
      return `${file.size}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`
    } catch {
      return null
    }
  },
  /** Empties the IndexedDB copy of the log (what Chromium's IDB did after a kill); call before connect. */
  async wipeIdbLog(): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('distsoc-wal')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['log', 'meta'], 'readwrite')
      tx.objectStore('log').clear()
      tx.objectStore('meta').clear()
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
    db.close()
  },
  /**
   * The log's OPFS copy with `files` one-entry batch files in `distsoc/<dirName>` (issue 11 bench):
   * ms to write them, to open (sequence numbers, meta, every entry), to pack them (a snapshot that
   * drops nothing), to open the packed log, and to truncate it.
   */
  async opfsLogTimes(
    files: number,
    dirName: string,
  ): Promise<{ writeMs: number; openMs: number; packMs: number; packedOpenMs: number; dropMs: number }> {
    const log = await createOpfsLog(dirName)
    let t = performance.now()
    for (let seq = 1; seq <= files; seq++) {
      await log.append([
        { seq, ops: [{ sql: 'INSERT INTO kv VALUES (?, ?)', params: [`key-${seq}`, 'x'.repeat(100)] }] },
      ])
    }
    const writeMs = performance.now() - t
    const timedOpen = async (): Promise<{ ms: number; log: Awaited<ReturnType<typeof createOpfsLog>> }> => {
      const started = performance.now()
      const reopened = await createOpfsLog(dirName)
      const [seqs] = await Promise.all([reopened.readSeqs(), reopened.readMeta()])
      const entries = await reopened.readAfter(0)
      if (seqs.length !== files || entries.length !== files)
        throw new Error(`read ${seqs.length}/${entries.length} of ${files}`)
      return { ms: performance.now() - started, log: reopened }
    }
    const opened = await timedOpen()
    t = performance.now()
    await opened.log.confirmSnapshot(0, 0)
    const packMs = performance.now() - t
    const packed = await timedOpen()
    t = performance.now()
    await packed.log.confirmSnapshot(files, files)
    const dropMs = performance.now() - t
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('distsoc')
    await root.removeEntry(dirName, { recursive: true })
    return { writeMs, openMs: opened.ms, packMs, packedOpenMs: packed.ms, dropMs }
  },
  /** Flips one byte of a snapshot slot (offset counted from the end when negative). */
  async corruptSnapshot(slot: number, offset = -100): Promise<void> {
    const handle = await snapshotFile(slot)
    const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer())
    const at = offset < 0 ? bytes.length + offset : offset
    bytes[at] = (bytes[at] ?? 0) ^ 0xff
    const w = await handle.createWritable()
    await w.write(bytes)
    await w.close()
  },
}

declare global {
  interface Window {
    harness: typeof harness
  }
}
window.harness = harness
const status = document.getElementById('status')
if (new URLSearchParams(location.search).has('connect')) {
  // The bench's "page load → node ready": connect at once, no CDP round trips in between.
  ;(harness as { scriptMs?: number }).scriptMs = performance.now()
  void harness
    .connect()
    .then(() => harness.ready())
    .then((r) => {
      ;(harness as { readyMs?: number }).readyMs = r.ms
      if (status !== null) status.textContent = 'harness ready'
    })
} else if (status !== null) status.textContent = 'harness ready'
