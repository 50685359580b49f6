/**
 * Runs at most one pull per peer at a time; a request while one runs queues exactly one re-run, so
 * bursts of announcements cost one extra session, not one each (docs/design.md §5 push-then-pull).
 */
import type { NodeId } from '../model/index.ts'

/** Schedules pulls by peer. */
export class SyncScheduler {
  private readonly running = new Map<NodeId, Promise<void>>()
  private readonly again = new Set<NodeId>()
  private stopped = false
  private readonly pull: (peer: NodeId) => Promise<void>

  constructor(pull: (peer: NodeId) => Promise<void>) {
    this.pull = pull
  }

  /** Pulls from `peer` now, or once more after the running pull. Resolves when that run ends. */
  request(peer: NodeId): Promise<void> {
    if (this.stopped) return Promise.resolve()
    const current = this.running.get(peer)
    if (current !== undefined) {
      this.again.add(peer)
      return current
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(peer)
          await this.pull(peer)
        } while (this.again.has(peer) && !this.stopped)
      } finally {
        this.running.delete(peer)
      }
    })()
    this.running.set(peer, run)
    return run
  }

  /** Pulls in flight. */
  get active(): number {
    return this.running.size
  }

  /** Stops queueing; waits for the pulls in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    await Promise.allSettled([...this.running.values()])
  }
}
