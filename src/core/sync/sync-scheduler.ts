/**
 * Runs at most one pull per peer at a time; a request while one runs queues exactly one re-run, so
 * bursts of announcements cost one extra session, not one each (docs/design.md §5 push-then-pull).
 * Every request resolves when a pull that started after its mark (default: the request) ends, however
 * many requests follow it; a pull that started after the mark, even one already ended, serves it.
 */
import type { NodeId } from '../model/index.ts'
import { CoalescedRuns } from './coalesced-runs.ts'

/** Schedules pulls by peer (by author at the anchor): `CoalescedRuns` keyed by NodeId. */
export class SyncScheduler extends CoalescedRuns<NodeId, void> {
  constructor(pull: (peer: NodeId) => Promise<void>) {
    super({ run: pull, stopped: undefined })
  }
}
