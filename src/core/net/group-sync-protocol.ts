/**
 * `/distsoc/groups/1.0.0` (issue 14; spec: docs/protocol/groups.md "Sync"): group records travel
 * between members. One frame each way on a fresh stream: the asker's heads, the answerer's records
 * after them (only of groups whose log, as the answerer holds it, names the asker a member). The
 * asker is the connection's authenticated peer; asks are rate-limited per peer.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { RateLimitedError } from '../errors.ts'
import {
  GROUP_SYNC_LIMITS,
  type GroupAnswer,
  type GroupAsk,
  parseGroupAnswer,
  parseGroupAsk,
} from '../groups/index.ts'
import type { NodeId } from '../model/index.ts'
import { RequestBudget } from './request-budget.ts'
import { requestOnce, type ServeOptions, serveRequests } from './request-response.ts'

/** Protocol id of group sync. */
export const GROUP_SYNC_PROTOCOL = '/distsoc/groups/1.0.0'

/** What a group sync server needs. */
export interface GroupSyncServerDeps extends ServeOptions {
  /** The answer for `from` (the authenticated asker). */
  answer(ask: GroupAsk, from: NodeId): GroupAnswer | Promise<GroupAnswer>
  /** Per-asker budget (default: a burst of 16, one more every 500 ms). */
  budget?: RequestBudget
}

/** Serves group sync on `libp2p`. */
export async function registerGroupSyncProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: GroupSyncServerDeps,
): Promise<void> {
  const budget = deps.budget ?? new RequestBudget({ burst: 16, refillMs: 500 })
  await serveRequests(
    libp2p,
    GROUP_SYNC_PROTOCOL,
    GROUP_SYNC_LIMITS.answerBytes,
    parseGroupAsk,
    async (ask, from) => {
      if (!budget.take(from)) throw new RateLimitedError('too many group asks')
      return deps.answer(ask, from)
    },
    deps,
  )
}

/** Asks `peer` for the records after `ask`'s heads; the parsed answer (records still unverified). */
export async function askGroupLogs(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId,
  ask: GroupAsk,
): Promise<GroupAnswer> {
  return requestOnce(libp2p, peer, GROUP_SYNC_PROTOCOL, ask, GROUP_SYNC_LIMITS.answerBytes, parseGroupAnswer)
}
