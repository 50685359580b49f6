/**
 * `/distsoc/group-hold/1.0.0` (issue 14; spec: docs/protocol/groups.md "Anchors hold group logs"):
 * a user hands its anchor the records of its groups to keep. One frame each way on a fresh stream:
 * the user's hold (groups to probe, logs to keep), the anchor's receipt (its heads, refusals by
 * error name). The sender is the connection's authenticated peer; holds are rate-limited per peer.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { RateLimitedError } from '../errors.ts'
import {
  GROUP_SYNC_LIMITS,
  type GroupHold,
  type GroupHoldReceipt,
  parseGroupHold,
  parseGroupHoldReceipt,
} from '../groups/index.ts'
import type { NodeId } from '../model/index.ts'
import { RequestBudget } from './request-budget.ts'
import { requestOnce, type ServeOptions, serveRequests } from './request-response.ts'

/** Protocol id of handing group logs to an anchor. */
export const GROUP_HOLD_PROTOCOL = '/distsoc/group-hold/1.0.0'

/** What a group hold server (an anchor) needs. */
export interface GroupHoldServerDeps extends ServeOptions {
  /** Takes `hold` from `from` (the authenticated sender) and says what it holds now. */
  take(hold: GroupHold, from: NodeId): GroupHoldReceipt | Promise<GroupHoldReceipt>
  /** Per-sender budget (default: a burst of 16, one more every 500 ms). */
  budget?: RequestBudget
}

/** Serves group holds on `libp2p`. */
export async function registerGroupHoldProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: GroupHoldServerDeps,
): Promise<void> {
  const budget = deps.budget ?? new RequestBudget({ burst: 16, refillMs: 500 })
  await serveRequests(
    libp2p,
    GROUP_HOLD_PROTOCOL,
    GROUP_SYNC_LIMITS.answerBytes,
    parseGroupHold,
    async (hold, from) => {
      if (!budget.take(from)) throw new RateLimitedError('too many group holds')
      return deps.take(hold, from)
    },
    deps,
  )
}

/** Hands `hold` to the anchor `peer`; its parsed receipt. */
export async function holdGroupLogs(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId,
  hold: GroupHold,
): Promise<GroupHoldReceipt> {
  return requestOnce(
    libp2p,
    peer,
    GROUP_HOLD_PROTOCOL,
    hold,
    GROUP_SYNC_LIMITS.answerBytes,
    parseGroupHoldReceipt,
  )
}
