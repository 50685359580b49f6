/**
 * Runs at most one pull per peer at a time; a request while one runs queues exactly one re-run, so
 * bursts of announcements cost one extra session, not one each (docs/design.md §5 push-then-pull).
 * Every request resolves when a pull that started after it ends, however many requests follow it.
 */
import type { NodeId } from '../model/index.ts'

/** Schedules pulls by peer. */
export class SyncScheduler {
  private readonly running = new Map<NodeId, Promise<void>>()
  private readonly queued = new Map<NodeId, Promise<void>>()
  private stopped = false
  private readonly pull: (peer: NodeId) => Promise<void>

  constructor(pull: (peer: NodeId) => Promise<void>) {
    this.pull = pull
  }

  /** Pulls from `peer` now, or once more after the running pull. Resolves when that pull ends. */
  request(peer: NodeId): Promise<void> {
    if (this.stopped) return Promise.resolve()
    const queued = this.queued.get(peer)
    if (queued !== undefined) return queued
    const current = this.running.get(peer)
    if (current === undefined) return this.start(peer)
    const rerun = current
      .catch(() => {})
      .then(() => {
        this.queued.delete(peer)
        return this.stopped ? undefined : this.start(peer)
      })
    this.queued.set(peer, rerun)
    return rerun
  }

  /** Pulls in flight. */
  get active(): number {
    return this.running.size
  }

  /** Stops queueing; waits for the pulls in flight and the re-runs already queued (they run nothing). */
  async stop(): Promise<void> {
    this.stopped = true
    await Promise.allSettled([...this.running.values(), ...this.queued.values()])
  }

  private start(peer: NodeId): Promise<void> {
    const run = this.pull(peer).finally(() => {
      if (this.running.get(peer) === run) this.running.delete(peer)
    })
    this.running.set(peer, run)
    return run
  }
}
