/**
 * The anchor's pull slots (issue 11): every pull it makes — check-in, announcement, refresh — runs
 * in one of `concurrency` slots. Waiting pulls queue in two bounded lanes: users whose profile
 * lists this anchor first, then everyone else; strangers may hold at most `maxStrangers` slots at
 * once, so slow or hostile strangers can never take the slots the anchor's users need. A pull that
 * finds its lane full is dropped (the refresh catches it up later).
 */

/** Limits of PullSlots. */
export interface PullSlotsInit {
  /** Pulls running at once. */
  concurrency: number
  /** Pulls waiting per lane. */
  maxQueued: number
  /** Slots strangers (the second lane) may hold at once; default half of `concurrency`, at least 1. */
  maxStrangers?: number
}

type Wake = () => void

/** Bounded concurrency with a priority lane and a cap on the other lane. */
export class PullSlots {
  private readonly concurrency: number
  private readonly maxQueued: number
  private readonly maxStrangers: number
  private running = 0
  private strangers = 0
  private readonly lanes: [Wake[], Wake[]] = [[], []]
  private closed = false

  constructor(init: PullSlotsInit) {
    this.concurrency = init.concurrency
    this.maxQueued = init.maxQueued
    this.maxStrangers = init.maxStrangers ?? Math.max(1, Math.floor(init.concurrency / 2))
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
    const lane = this.lanes[priority ? 0 : 1]
    if (lane.length === 0 && this.mayStart(priority)) {
      this.take(priority)
    } else {
      if (lane.length >= this.maxQueued) return false
      // the slot is taken for us by pump() before we are woken
      const woken = await new Promise<boolean>((resolve) => lane.push(() => resolve(!this.closed)))
      if (!woken) return false
    }
    try {
      await pull()
      return true
    } finally {
      this.running--
      if (!priority) this.strangers--
      this.pump()
    }
  }

  /** Drops every waiting pull; running ones finish. */
  close(): void {
    this.closed = true
    for (const lane of this.lanes) for (const wake of lane.splice(0)) wake()
  }

  private mayStart(priority: boolean): boolean {
    return this.running < this.concurrency && (priority || this.strangers < this.maxStrangers)
  }

  private take(priority: boolean): void {
    this.running++
    if (!priority) this.strangers++
  }

  private pump(): void {
    for (;;) {
      const priority = this.lanes[0].length > 0 && this.mayStart(true)
      if (!priority && !(this.lanes[1].length > 0 && this.mayStart(false))) return
      this.take(priority)
      this.lanes[priority ? 0 : 1].shift()?.()
    }
  }
}
