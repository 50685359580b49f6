/**
 * The node's verifier threads (issue 12): Ed25519 checks that `verify` would run on the worker's
 * thread are batched and dealt out between it and the threads its tabs started, so the checks of
 * a sync batch run on several cores at once. A thread that falls behind gets no more than
 * `maxInFlight` checks; past that the worker checks them itself. A thread that answers
 * late (`replyTimeoutMs`: its tab closed) or wrongly is dropped and its checks rerun on the worker,
 * so a check is never lost and its answer is always `ed25519Best.verify`'s. A thread gets checks
 * only once it said it is ready; one that does not within `replyTimeoutMs` (its script did not
 * load) is dropped.
 */
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES } from '../../core/crypto/index.ts'
import { type BatchRequest, type Check, encodeChecks, readAnswer } from './batch-codec.ts'

/** Settings of a VerifyPool. */
export interface VerifyPoolOptions {
  /** Runs a check on this thread (the fallback): `ed25519Best.verify`. */
  local: (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array) => Promise<boolean>
  /** Threads kept; a port offered beyond this is closed. Default 4. */
  maxThreads?: number
  /** Checks per batch. Default 256. */
  batchMax?: number
  /** Checks one thread may hold unanswered. Default 1,024. */
  maxInFlight?: number
  /** A batch unanswered this long drops its thread. Default 5 s. */
  replyTimeoutMs?: number
}

interface Pending extends Check {
  resolve(valid: boolean): void
}

interface Batch {
  checks: Pending[]
  timer: ReturnType<typeof setTimeout>
}

interface Thread {
  port: MessagePort
  ready: boolean
  batches: Map<number, Batch>
  inFlight: number
}

/** Batches checks to the attached verifier threads; see the module comment. */
export class VerifyPool {
  private readonly local: VerifyPoolOptions['local']
  private readonly maxThreads: number
  private readonly batchMax: number
  private readonly maxInFlight: number
  private readonly replyTimeoutMs: number
  private readonly threads: Thread[] = []
  private queue: Pending[] = []
  private flushQueued = false
  private nextId = 1
  /** Whose turn the next batch is: 0 (mod threads + 1) this thread's. */
  private turn = 0

  constructor(opts: VerifyPoolOptions) {
    this.local = opts.local
    this.maxThreads = opts.maxThreads ?? 4
    this.batchMax = opts.batchMax ?? 256
    this.maxInFlight = opts.maxInFlight ?? 1024
    this.replyTimeoutMs = opts.replyTimeoutMs ?? 5000
  }

  /** Threads attached now (ready or still loading). */
  get size(): number {
    return this.threads.length
  }

  /** Threads ready for checks. */
  get ready(): number {
    return this.threads.filter((t) => t.ready).length
  }

  /** Adds the thread at the other end of `port` (closed if the pool is full). */
  attach(port: MessagePort): void {
    if (this.threads.length >= this.maxThreads) {
      port.close()
      return
    }
    const thread: Thread = { port, ready: false, batches: new Map(), inFlight: 0 }
    const loading = setTimeout(() => this.drop(thread), this.replyTimeoutMs)
    port.onmessage = (event: MessageEvent) => {
      if (thread.ready) return this.onAnswer(thread, event.data)
      clearTimeout(loading)
      if ((event.data as { ready?: unknown } | null)?.ready === true) thread.ready = true
      else this.drop(thread)
    }
    this.threads.push(thread)
  }

  /**
   * Queues one check for a thread; undefined when no thread is attached or the check is
   * misshapen (the caller runs it, and `verify` answers false for a bad shape anyway).
   */
  verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<boolean> | undefined {
    if (!this.threads.some((t) => t.ready)) return undefined
    if (!(pub instanceof Uint8Array && msg instanceof Uint8Array && sig instanceof Uint8Array))
      return undefined
    if (pub.length !== ED25519_PUBLIC_BYTES || sig.length !== ED25519_SIGNATURE_BYTES) return undefined
    return new Promise((resolve) => {
      this.queue.push({ pub, msg, sig, resolve })
      if (this.queue.length >= this.batchMax) this.flush()
      else if (!this.flushQueued) {
        this.flushQueued = true
        setTimeout(() => this.flush(), 0)
      }
    })
  }

  /**
   * Splits the queue into batches and deals them out, this thread taking its turn like each
   * verifier thread, so all of them check at once; a batch no thread can take runs here. The
   * threads' batches are posted first, so they work while this thread checks its own.
   */
  private flush(): void {
    this.flushQueued = false
    const queue = this.queue
    this.queue = []
    const here: Pending[] = []
    const turns = this.ready + 1
    for (let at = 0; at < queue.length; at += this.batchMax) {
      const checks = queue.slice(at, at + this.batchMax)
      const thread = this.turn++ % turns === 0 ? undefined : this.leastBusy()
      if (thread === undefined || thread.inFlight + checks.length > this.maxInFlight) here.push(...checks)
      else this.send(thread, checks)
    }
    this.runHere(here)
  }

  private leastBusy(): Thread | undefined {
    let best: Thread | undefined
    for (const t of this.threads) if (t.ready && (best === undefined || t.inFlight < best.inFlight)) best = t
    return best
  }

  private send(thread: Thread, checks: Pending[]): void {
    const id = this.nextId++
    const request: BatchRequest = { id, checks: encodeChecks(checks), count: checks.length }
    const timer = setTimeout(() => this.drop(thread), this.replyTimeoutMs)
    thread.batches.set(id, { checks, timer })
    thread.inFlight += checks.length
    thread.port.postMessage(request, [request.checks])
  }

  private onAnswer(thread: Thread, data: unknown): void {
    const id = (data as { id?: unknown } | null)?.id
    const batch = typeof id === 'number' ? thread.batches.get(id) : undefined
    const valid = batch === undefined ? undefined : readAnswer(data, id as number, batch.checks.length)
    if (batch === undefined || valid === undefined) {
      this.drop(thread)
      return
    }
    clearTimeout(batch.timer)
    thread.batches.delete(id as number)
    thread.inFlight -= batch.checks.length
    for (const [i, c] of batch.checks.entries()) c.resolve(valid[i] === true)
  }

  /** Detaches `thread` and reruns everything it still held on this thread. */
  private drop(thread: Thread): void {
    const index = this.threads.indexOf(thread)
    if (index < 0) return
    this.threads.splice(index, 1)
    thread.port.onmessage = null
    thread.port.close()
    for (const batch of thread.batches.values()) {
      clearTimeout(batch.timer)
      this.runHere(batch.checks)
    }
    thread.batches.clear()
  }

  private runHere(checks: readonly Pending[]): void {
    for (const c of checks) {
      this.local(c.pub, c.msg, c.sig).then(c.resolve, () => c.resolve(false))
    }
  }
}
