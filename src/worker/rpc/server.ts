/**
 * The worker side of the tab ↔ worker RPC (docs/design.md §1–§2): accepts MessagePorts, answers requests
 * from a handler table and broadcasts `NodeEvent`s to every live port. Every answer and event waits
 * for `beforeSend` — the storage durability barrier — so a tab never hears of a write that is not
 * yet in the write-ahead log (docs/design.md §7).
 */
import type { NodeEvent, RpcFrame, RpcMethod, RpcResult } from '../../core/api/index.ts'
import { errorName, errorToData, ValidationError } from '../../core/errors.ts'
import { silentWorkerLogger, type WorkerLogger } from '../logger.ts'
import { parseIncomingFrame } from './parse-frame.ts'

/** One handler: validates its own params (see validate.ts) and resolves with the result. */
export type RpcHandler<R = unknown> = (params: unknown) => Promise<R>

/** The handlers of the app's RPC contract; a missing method answers `ValidationError`. */
export type RpcHandlers = Partial<{ [M in RpcMethod]: RpcHandler<RpcResult<M>> }>

/** Handlers under names outside the contract (test harness only); same dispatch rules. */
export type ExtraHandlers = Record<string, RpcHandler>

/** Options of `new RpcServer`. */
export interface RpcServerOptions {
  handlers: RpcHandlers
  extraHandlers?: ExtraHandlers
  /** Awaited before any response or event is posted (the durability barrier). */
  beforeSend?: () => Promise<void>
  logger?: WorkerLogger
  /** A tab offers to host WebRTC (docs/design.md §1) over the port it transferred with the frame. */
  onRtcHost?: (port: MessagePort, name: string) => void
  /** A tab started a verifier thread (src/worker/verify); the transferred port reaches it. */
  onVerifier?: (port: MessagePort) => void
  /** A port silent this long stops receiving events until it speaks again (tabs ping every 20 s). */
  idleMs?: number
  now?: () => number
}

interface PortState {
  lastSeen: number
}

/** Serves RPC over any number of MessagePorts. */
export class RpcServer {
  private readonly ports = new Map<MessagePort, PortState>()
  private readonly handlers: Map<string, RpcHandler>
  private readonly beforeSend: () => Promise<void>
  private readonly log: WorkerLogger
  private readonly idleMs: number
  private readonly now: () => number
  private readonly onRtcHost: ((port: MessagePort, name: string) => void) | undefined
  private readonly onVerifier: ((port: MessagePort) => void) | undefined

  constructor(opts: RpcServerOptions) {
    this.onRtcHost = opts.onRtcHost
    this.onVerifier = opts.onVerifier
    this.handlers = new Map<string, RpcHandler>()
    for (const [name, h] of Object.entries(opts.handlers)) if (h !== undefined) this.handlers.set(name, h)
    for (const [name, h] of Object.entries(opts.extraHandlers ?? {})) this.handlers.set(name, h)
    this.beforeSend = opts.beforeSend ?? (() => Promise.resolve())
    this.log = opts.logger ?? silentWorkerLogger
    this.idleMs = opts.idleMs ?? 5 * 60_000
    this.now = opts.now ?? Date.now
  }

  /** Starts serving a port (from `onconnect`, or handed over by the tab in dedicated mode). */
  accept(port: MessagePort): void {
    this.ports.set(port, { lastSeen: this.now() })
    port.onmessage = (ev: MessageEvent) => this.onMessage(port, ev.data, ev.ports)
    port.onmessageerror = () =>
      this.post(port, errorFrame(-1, new ValidationError('frame: could not be cloned')))
    port.start()
    this.log.debug('port.accepted', { ports: this.ports.size })
  }

  /** How many ports currently receive events. */
  get portCount(): number {
    this.dropIdle()
    return this.ports.size
  }

  /** Sends an event to every live port, after the durability barrier. */
  broadcast(event: NodeEvent): void {
    const frame: RpcFrame = { type: 'event', event }
    this.beforeSend().then(
      () => {
        this.dropIdle()
        for (const port of this.ports.keys()) this.post(port, frame)
      },
      (err: unknown) => this.log.error('rpc.event-dropped', { error: errorName(err) }),
    )
  }

  /** Stops serving every port. */
  close(): void {
    for (const port of this.ports.keys()) port.close()
    this.ports.clear()
  }

  private onMessage(port: MessagePort, data: unknown, transferred: readonly MessagePort[] = []): void {
    const state = this.ports.get(port)
    if (state === undefined) this.ports.set(port, { lastSeen: this.now() })
    else state.lastSeen = this.now()
    const frame = parseIncomingFrame(data)
    switch (frame.type) {
      case 'ping':
        return
      case 'bye':
        this.ports.delete(port)
        this.log.debug('port.bye', { ports: this.ports.size })
        return
      case 'rtc-host': {
        const hostPort = transferred[0]
        if (hostPort !== undefined) this.onRtcHost?.(hostPort, frame.name)
        return
      }
      case 'verifier': {
        const verifierPort = transferred[0]
        if (verifierPort !== undefined) this.onVerifier?.(verifierPort)
        return
      }
      case 'invalid':
        this.post(port, errorFrame(frame.id, frame.error))
        return
      case 'request':
        void this.dispatch(port, frame.id, frame.method, frame.params)
    }
  }

  private async dispatch(port: MessagePort, id: number, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method)
    let reply: RpcFrame
    if (handler === undefined) {
      reply = errorFrame(id, new ValidationError(`frame.method: unknown method ${JSON.stringify(method)}`))
    } else {
      try {
        const result = await handler(params)
        reply = { type: 'response', id, ok: true, result }
      } catch (err) {
        this.log.debug('rpc.error', { method, error: errorName(err) })
        reply = errorFrame(id, err)
      }
    }
    try {
      await this.beforeSend()
    } catch (err) {
      // The write did not reach the log: answer with the storage error, never with success.
      this.log.error('rpc.barrier-failed', { method, error: errorName(err) })
      reply = errorFrame(id, err)
    }
    this.post(port, reply)
  }

  private post(port: MessagePort, frame: RpcFrame): void {
    try {
      port.postMessage(frame)
    } catch (err) {
      // A result that cannot be cloned is a bug of the handler; tell the tab instead of hanging it.
      if (frame.type === 'response') port.postMessage(errorFrame(frame.id, err))
    }
  }

  private dropIdle(): void {
    const cutoff = this.now() - this.idleMs
    for (const [port, state] of this.ports) if (state.lastSeen < cutoff) this.ports.delete(port)
  }
}

function errorFrame(id: number, err: unknown): RpcFrame {
  return { type: 'response', id, ok: false, error: errorToData(err) }
}
