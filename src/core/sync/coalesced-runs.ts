/**
 * One run per key at a time, and no run for a need that a run already met (docs/design.md §5,
 * issue 12). A request while its key's run goes on queues one more run after it, which every later
 * request shares until it starts, so a burst of 100 follows costs one extra session, not 100.
 *
 * A request carries a mark (`mark()`, taken when the caller's need arose; by default at the call):
 * any run of its key that *started* after the mark serves it — the one running, the one queued, or
 * the last one, already ended. A run computes its scope (the hello's authors, its `since`) when it
 * starts, so a run that started after the need arose covers it: a follow stored before the mark is
 * in its hello, a post a peer announced before the mark is in that peer's answer. A need never gets
 * a run that began before it, so nothing it needs is lost; it only skips a run it would duplicate.
 */

/** A point in the sequence of run starts; a run serves a request whose mark it started after. */
export type RunMark = number & { readonly __runMark: true }

/** What `new CoalescedRuns` takes. */
export interface CoalescedRunsInit<K, T> {
  /** Does the work for one key; its scope is read when it starts. */
  run: (key: K) => Promise<T>
  /** What a request gets once `stop()` was called (a queued run that had not started, too). */
  stopped: T
}

interface Started<T> {
  /** Its place in the sequence of starts (1, 2, …): it serves marks below it. */
  number: number
  result: Promise<T>
}

/** Coalesces runs per key (the sync scheduler's pulls by peer, a node's Sync now). */
export class CoalescedRuns<K, T> {
  private readonly run: (key: K) => Promise<T>
  private readonly stoppedResult: T
  private readonly running = new Map<K, Started<T>>()
  private readonly queued = new Map<K, Promise<T>>()
  /** The last run of each key that ended (one entry per key ever run, a number and a settled promise). */
  private readonly ended = new Map<K, Started<T>>()
  private starts = 0
  private stopped = false

  constructor(init: CoalescedRunsInit<K, T>) {
    this.run = init.run
    this.stoppedResult = init.stopped
  }

  /** Now, as a mark: a run that starts after this call serves a request made with it. */
  mark(): RunMark {
    return this.starts as RunMark
  }

  /**
   * Resolves with the result of a run of `key` that started after `after` (default: now): the one
   * running or the last one ended if it did, else the queued one (queued now if there is none).
   * Rejects with that run's error.
   */
  request(key: K, after: RunMark = this.mark()): Promise<T> {
    if (this.stopped) return Promise.resolve(this.stoppedResult)
    const current = this.running.get(key)
    if (current !== undefined && current.number > after) return current.result
    const last = this.ended.get(key)
    if (current === undefined && last !== undefined && last.number > after) return last.result
    const queued = this.queued.get(key)
    if (queued !== undefined) return queued
    if (current === undefined) return this.start(key)
    const rerun = current.result
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued.delete(key)
        return this.stopped ? this.stoppedResult : this.start(key)
      })
    this.queued.set(key, rerun)
    return rerun
  }

  /** Runs in flight. */
  get active(): number {
    return this.running.size
  }

  /** Starts nothing more; waits for the runs in flight and the queued ones (they run nothing). */
  async stop(): Promise<void> {
    this.stopped = true
    await Promise.allSettled(
      [...this.running.values()].map((r) => r.result).concat([...this.queued.values()]),
    )
  }

  private start(key: K): Promise<T> {
    const number = ++this.starts
    const result: Promise<T> = this.run(key).finally(() => {
      if (this.running.get(key)?.result !== result) return
      this.running.delete(key)
      this.ended.set(key, started)
    })
    const started: Started<T> = { number, result }
    this.ended.delete(key)
    this.running.set(key, started)
    return result
  }
}
