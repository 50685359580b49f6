/**
 * The anchor's pull slots (issue 11): every pull it makes — check-in, announcement, refresh — runs
 * in one of `concurrency` slots. Waiting pulls queue in two bounded lanes: users whose profile
 * lists this anchor first, then everyone else, so a storm of strangers cannot delay the users the
 * anchor serves. A pull that finds its lane full is dropped (the refresh catches it up later).
 */

/** Limits of PullSlots. */
export interface PullSlotsInit {
  /** Pulls running at once. */
  concurrency: number
  /** Pulls waiting per lane. */
  maxQueued: number
}

type Job = () => void

/** Bounded concurrency with a priority lane. */
export class PullSlots {
  private readonly concurrency: number
  private readonly maxQueued: number
  private running = 0
  private readonly lanes: [Job[], Job[]] = [[], []]
  private closed = false

  constructor(init: PullSlotsInit) {
    this.concurrency = init.concurrency
    this.maxQueued = init.maxQueued
  }

  /** Pulls running now. */
  get active(): number {
    return this.running
  }

  /** Pulls waiting now. */
  get queued(): number {
    return this.lanes[0].length + this.lanes[1].length
  }

  /**
   * Runs `pull` in a slot (`priority` lane first). Resolves true once it ran (its own errors are
   * rethrown), false if it was dropped because its lane was full or the slots are closed.
   */
  async run(priority: boolean, pull: () => Promise<void>): Promise<boolean> {
    if (this.closed) return false
    if (this.running >= this.concurrency) {
      const lane = this.lanes[priority ? 0 : 1]
      if (lane.length >= this.maxQueued) return false
      await new Promise<void>((resolve) => lane.push(resolve))
      if (this.closed) return false
    } else {
      this.running++
    }
    try {
      await pull()
      return true
    } finally {
      this.next()
    }
  }

  /** Drops every waiting pull; running ones finish. */
  close(): void {
    this.closed = true
    for (const lane of this.lanes) for (const wake of lane.splice(0)) wake()
  }

  private next(): void {
    const wake = this.lanes[0].shift() ?? this.lanes[1].shift()
    // the slot passes straight to the next waiter; only when none waits is it freed
    if (wake === undefined) this.running--
    else wake()
  }
}
