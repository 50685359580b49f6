/**
 * Background snapshots (docs/design.md §7: snapshots never block the UI). After mutations it waits for a
 * quiet `debounceMs` (at most `maxDelayMs` after the first unsnapshotted write), exports the
 * database, writes it into the older slot, records it in the log's meta and truncates the log up
 * to the *older* of the two slots — so if the newest snapshot is ever found corrupt, the other one
 * plus the log still reach every write.
 */

import { errorName } from '../../core/errors.ts'
import { silentWorkerLogger, type WorkerLogger } from '../logger.ts'
import type { DurableDriver } from './durable-driver.ts'
import { encodeSnapshot } from './snapshot-file.ts'
import type { SnapshotStore } from './snapshot-store.ts'
import type { WriteAheadLog } from './write-ahead-log.ts'

/** What one snapshot did (for the status page and the bench). */
export interface SnapshotReport {
  seq: number
  slot: number
  bytes: number
  ms: number
}

/** Options of the scheduler. */
export interface SnapshotterOptions {
  driver: DurableDriver
  store: SnapshotStore
  log: WriteAheadLog
  /** Sequence held by each slot after open; -1 for a missing or corrupt slot. */
  slotSeqs: number[]
  debounceMs?: number
  maxDelayMs?: number
  logger?: WorkerLogger
  now?: () => number
}

/** Schedules and runs snapshots; one at a time. */
export class Snapshotter {
  private readonly opts: SnapshotterOptions
  private readonly slotSeqs: number[]
  private readonly log: WorkerLogger
  private timer: ReturnType<typeof setTimeout> | undefined
  private firstDirtyAt: number | undefined
  private running: Promise<SnapshotReport | undefined> = Promise.resolve(undefined)
  private stopped = false

  constructor(opts: SnapshotterOptions) {
    this.opts = opts
    this.slotSeqs = [...opts.slotSeqs]
    this.log = opts.logger ?? silentWorkerLogger
  }

  /** The newest sequence a snapshot holds (0 if none). */
  get snapshotSeq(): number {
    return Math.max(0, ...this.slotSeqs)
  }

  /** Call after every mutation: (re)arms the debounce timer. */
  notify(): void {
    if (this.stopped) return
    const now = (this.opts.now ?? Date.now)()
    this.firstDirtyAt ??= now
    const debounce = this.opts.debounceMs ?? 2_000
    const maxDelay = this.opts.maxDelayMs ?? 30_000
    const wait = Math.max(0, Math.min(debounce, this.firstDirtyAt + maxDelay - now))
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.snapshotNow().catch((err: unknown) => {
        this.log.error('snapshot.failed', { error: errorName(err) })
      })
    }, wait)
  }

  /** Takes a snapshot now (after any running one); resolves undefined if nothing changed. */
  snapshotNow(): Promise<SnapshotReport | undefined> {
    const next = this.running.catch(() => undefined).then(() => this.take())
    this.running = next
    return next
  }

  /** Treats `slot` as holding nothing (found corrupt): the log is kept from the other slot on. */
  forgetSlot(slot: number): void {
    if (slot >= 0 && slot < this.slotSeqs.length) this.slotSeqs[slot] = -1
  }

  /** Cancels the timer; a running snapshot finishes. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.running.catch(() => undefined)
  }

  private async take(): Promise<SnapshotReport | undefined> {
    const { driver, store } = this.opts
    this.firstDirtyAt = undefined
    await driver.flush()
    if (driver.seq <= this.snapshotSeq) return undefined
    const started = performance.now()
    const { seq, image } = driver.exportImage()
    const file = await encodeSnapshot(seq, image)
    const slot = this.olderSlot()
    await store.write(slot, file)
    this.slotSeqs[slot] = seq
    await this.opts.log.confirmSnapshot(seq, Math.min(...this.slotSeqs))
    const report = { seq, slot, bytes: file.byteLength, ms: performance.now() - started }
    this.log.debug('snapshot.written', { seq, slot, bytes: report.bytes, ms: Math.round(report.ms) })
    return report
  }

  private olderSlot(): number {
    let slot = 0
    for (let i = 1; i < this.slotSeqs.length; i++) {
      if ((this.slotSeqs[i] ?? -1) < (this.slotSeqs[slot] ?? -1)) slot = i
    }
    return slot
  }
}
