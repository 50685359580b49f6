/**
 * Sync now (docs/design.md §5, issue 12): pulls from every connected distsoc peer and every connected
 * trusted anchor. A burst of callers (a follow each) lists the peers once more after the listing
 * under way, and each caller's pulls are served by any session that started after its mark (its
 * call, or for a follow the moment it was stored): the 100 follows of a cold start cost the session
 * under way and at most one more, not one more again for the callers that listed the peers late.
 * A session reads its hello's scope when it starts, so a follow stored before the mark is in it,
 * and a follow stored during a session is pulled by the next.
 */
import type { NodeId } from '../../model/index.ts'
import { CoalescedRuns, type RunMark } from '../../sync/index.ts'
import type { Pulls } from './pulls.ts'

/** What Sync now needs. */
export interface SyncNowParts {
  /** Dials the anchors and lists the peers to pull from (one listing for callers who wait together). */
  targets: () => Promise<NodeId[]>
  pulls: Pick<Pulls, 'mark' | 'pullNow'>
}

/** A node's Sync now. */
export interface SyncNow {
  /**
   * Pulls from every target; resolves with how many were asked, once each pull that serves it ended:
   * one that started after `after` (default: now; a follow passes the moment it was stored).
   */
  run(after?: RunMark): Promise<number>
  /** Lists no peers any more; waits for a listing under way. */
  stop(): Promise<void>
}

/** Builds Sync now over the node's pulls. */
export function createSyncNow({ targets, pulls }: SyncNowParts): SyncNow {
  const listings = new CoalescedRuns<'targets', NodeId[]>({ run: () => targets(), stopped: [] })
  return {
    async run(after) {
      const asked = after ?? pulls.mark()
      const peers = await listings.request('targets')
      await Promise.allSettled(peers.map((p) => pulls.pullNow(p, asked)))
      return peers.length
    },
    stop: () => listings.stop(),
  }
}
