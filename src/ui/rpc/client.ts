/**
 * The tab side of the tab ↔ worker RPC (docs/design.md §1–§2): typed calls over a MessagePort, errors
 * rebuilt by name (`errorFromData`), a timeout per call, and the worker's `NodeEvent`s. A client
 * may start detached — the dedicated-worker fallback when another tab runs the node — answering
 * `node.status` with that status and refusing the rest with `OtherTabActiveError`, and attach
 * later when this tab takes over.
 */
import {
  errorFromData,
  type NodeEvent,
  type NodeStatus,
  type PortControlFrame,
  type RpcFrame,
  type RpcMethod,
  type RpcParams,
  type RpcResult,
} from '../../core/api/index.ts'

/** Options of a client. */
export interface RpcClientOptions {
  /** Per-call timeout (default 30 s); `RpcTimeoutError` after it. */
  timeoutMs?: number
  /** How often the tab tells the worker it is alive (default 20 s). */
  pingMs?: number
}

/** Per-call options. */
export interface CallOptions {
  timeoutMs?: number
  /** Buffers to transfer instead of copy (e.g. attachment bytes). */
  transfer?: Transferable[]
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
  timer: ReturnType<typeof setTimeout>
}

/** Listener of worker events. */
export type NodeEventListener = (event: NodeEvent) => void

/** A typed RPC client of the node. */
export class RpcClient {
  private port: MessagePort | undefined
  private detached: NodeStatus | undefined
  private failure: Error | undefined
  private heard = false
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<NodeEventListener>()
  private readonly timeoutMs: number
  private readonly pingMs: number
  private pinger: ReturnType<typeof setInterval> | undefined
  private readonly onPageHide = (): void => this.control({ type: 'bye' })
  private readonly onPageShow = (): void => this.control({ type: 'ping' })

  constructor(opts: RpcClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 30_000
    this.pingMs = opts.pingMs ?? 20_000
  }

  /** A client over `port` (already connected to the worker). */
  static over(port: MessagePort, opts?: RpcClientOptions): RpcClient {
    const client = new RpcClient(opts)
    client.attach(port)
    return client
  }

  /** A client with no node behind it yet: `node.status` answers `status`, the rest fail. */
  static detached(status: NodeStatus, opts?: RpcClientOptions): RpcClient {
    const client = new RpcClient(opts)
    client.detached = status
    return client
  }

  /** True while no worker is attached. */
  get isDetached(): boolean {
    return this.port === undefined
  }

  /** True once the worker has sent anything: it loaded and runs. */
  get hasHeardFromNode(): boolean {
    return this.heard
  }

  /**
   * The worker will never answer (it did not load, or threw while starting): every waiting and
   * later call rejects with `error`, and listeners get a `failed` status saying why.
   */
  fail(error: Error, host: NodeStatus['host'] = 'shared-worker'): void {
    this.failure ??= error
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(this.failure)
      this.pending.delete(id)
    }
    this.emit({
      type: 'status',
      status: {
        phase: 'failed',
        error: `${this.failure.name}: ${this.failure.message}`,
        storage_persisted: false,
        connections: 0,
        host,
      },
    })
  }

  /** Connects the client to a worker port (once). */
  attach(port: MessagePort): void {
    if (this.port !== undefined) return
    this.port = port
    this.detached = undefined
    port.onmessage = (ev: MessageEvent) => this.onFrame(ev.data)
    port.start()
    this.pinger = setInterval(() => this.control({ type: 'ping' }), this.pingMs)
    if (typeof addEventListener === 'function') {
      addEventListener('pagehide', this.onPageHide)
      addEventListener('pageshow', this.onPageShow)
    }
  }

  /** Calls a method of the RPC contract; rejects with the worker's error, rebuilt by name. */
  async call<M extends RpcMethod>(
    method: M,
    params: RpcParams<M>,
    opts?: CallOptions,
  ): Promise<RpcResult<M>> {
    if (method === 'node.requestPersistence') await askForPersistence()
    return (await this.callRaw(method, params, opts)) as RpcResult<M>
  }

  /** Calls a method by name without the contract's types (the test harness's methods). */
  callRaw(method: string, params: unknown, opts: CallOptions = {}): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const port = this.port
    if (port === undefined) {
      if (method === 'node.status' && this.detached !== undefined) return Promise.resolve(this.detached)
      return Promise.reject(
        named('OtherTabActiveError', this.detached?.error ?? 'distsoc runs in another tab'),
      )
    }
    const id = this.nextId++
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(named('RpcTimeoutError', `${method}: no answer from the node within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      const frame: RpcFrame = { type: 'request', id, method: method as RpcMethod, params }
      try {
        port.postMessage(frame, opts.transfer ?? [])
      } catch (err) {
        clearTimeout(timer)
        this.pending.delete(id)
        reject(err instanceof Error ? err : named('ValidationError', String(err)))
      }
    })
  }

  /** Listens to the node's events; returns the function that stops listening. */
  on(listener: NodeEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tells the worker this tab is gone and rejects calls still waiting. */
  close(): void {
    this.control({ type: 'bye' })
    if (this.pinger !== undefined) clearInterval(this.pinger)
    if (typeof removeEventListener === 'function') {
      removeEventListener('pagehide', this.onPageHide)
      removeEventListener('pageshow', this.onPageShow)
    }
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(named('RpcTimeoutError', 'the client was closed'))
      this.pending.delete(id)
    }
    this.port?.close()
  }

  /** Delivers an event to the listeners (also used for the detached client's own status). */
  emit(event: NodeEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  /** Offers this tab as the worker's WebRTC host over `hostPort` (docs/design.md §1). */
  offerRtcHost(hostPort: MessagePort, name: string): void {
    const frame: PortControlFrame = { type: 'rtc-host', name }
    this.port?.postMessage(frame, [hostPort])
  }

  /** Hands the worker a port to a verifier thread this tab started (src/worker/verify). */
  offerVerifier(verifierPort: MessagePort): void {
    const frame: PortControlFrame = { type: 'verifier' }
    this.port?.postMessage(frame, [verifierPort])
  }

  private control(frame: PortControlFrame): void {
    this.port?.postMessage(frame)
  }

  private onFrame(data: unknown): void {
    this.heard = true
    if (typeof data !== 'object' || data === null) return
    const frame = data as RpcFrame
    if (frame.type === 'event') {
      this.emit(frame.event)
      return
    }
    if (frame.type !== 'response') return
    const pending = this.pending.get(frame.id)
    if (pending === undefined) return
    this.pending.delete(frame.id)
    clearTimeout(pending.timer)
    if (frame.ok) pending.resolve(frame.result)
    else pending.reject(errorFromData(frame.error))
  }
}

/** `persist()` exists on Window only (not in workers), so the tab asks before the worker reports. */
async function askForPersistence(): Promise<void> {
  try {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
    if (typeof storage?.persist === 'function') await storage.persist()
  } catch {
    // The worker still answers with persisted(); nothing to add here.
  }
}

/** An error of the named class from core/errors, built through the API's `errorFromData`. */
function named(name: string, message: string): Error {
  return errorFromData({ name, message })
}
