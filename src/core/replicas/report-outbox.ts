/**
 * Self-reports waiting to ride on the next sync with their post's author (issue 15): a holder queues
 * a signed report when it stores or drops a post, and the next `check` frame to that author takes
 * them. Bounded per author (the oldest go first); a lost report costs nothing lasting, since the
 * author's next probe finds out anyway.
 */
import type { NodeId, Signed } from '../model/index.ts'
import type { HoldingReport } from './holding-report.ts'

/** A queued report: signed already, or to be signed when it is sent (signing is deferred so a big pull costs no signatures up front). */
export type QueuedReport = HoldingReport | Signed<HoldingReport>

/** The report inside a queued entry. */
export function reportOf(entry: QueuedReport): HoldingReport {
  return 'record' in entry ? entry.record : entry
}

/** Most reports queued per author. */
export const OUTBOX_PER_AUTHOR = 256

/** Pending signed reports, per author of the reported post. */
export class ReportOutbox {
  private readonly pending = new Map<NodeId, QueuedReport[]>()

  /** Queues a report for its post's author; a newer report of the same post replaces an older one. */
  add(report: QueuedReport): void {
    const { author, post_id } = reportOf(report)
    const list = (this.pending.get(author) ?? []).filter((r) => reportOf(r).post_id !== post_id)
    list.push(report)
    if (list.length > OUTBOX_PER_AUTHOR) list.splice(0, list.length - OUTBOX_PER_AUTHOR)
    this.pending.set(author, list)
  }

  /** Takes up to `max` queued reports for `author`, oldest first. */
  take(author: NodeId, max: number): QueuedReport[] {
    const list = this.pending.get(author) ?? []
    const taken = list.splice(0, max)
    if (list.length === 0) this.pending.delete(author)
    return taken
  }

  /** How many reports wait for `author`. */
  size(author: NodeId): number {
    return this.pending.get(author)?.length ?? 0
  }
}
