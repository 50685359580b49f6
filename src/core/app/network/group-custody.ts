/**
 * Handing group logs to the anchors that keep them (issue 14; docs/protocol/groups.md "Anchors
 * hold group logs"): after each exchange with such an anchor, after a local change and after an
 * exchange with anyone that grew a log, the node probes the anchor's heads over
 * `/distsoc/group-hold/1.0.0` and sends the records it lacks, in bounded rounds, one push per
 * anchor at a time. The anchor's refusals are logged, never retried within the push.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName } from '../../errors.ts'
import { GROUP_SYNC_LIMITS } from '../../groups/index.ts'
import type { GroupId, NodeId } from '../../model/index.ts'
import { shortId } from '../../model/index.ts'
import { GROUP_HOLD_PROTOCOL, holdGroupLogs } from '../../net/index.ts'
import { custodyAsk, custodyHold, groupCustodians } from '../group-custody.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** The node's side of anchors keeping its group logs. */
export interface GroupCustodyPush extends NetworkUnit {
  /** Brings `anchor` up to date if it keeps this node's logs and speaks the protocol; failures are logged. */
  push(anchor: NodeId): Promise<void>
  /** `push` to every connected anchor that keeps this node's logs. */
  pushAll(): Promise<void>
}

/** Starts the unit. */
export function startGroupCustodyPush({ ctx, libp2p }: UnitContext): GroupCustodyPush {
  const log = ctx.logger
  let stopped = false
  const running = new Map<NodeId, Promise<void>>()

  const speaks = async (peer: NodeId): Promise<boolean> => {
    try {
      const known = await libp2p.peerStore.get(peerIdFromString(peer))
      return known.protocols.includes(GROUP_HOLD_PROTOCOL)
    } catch {
      return false
    }
  }

  const pushOnce = async (anchor: NodeId): Promise<void> => {
    if (stopped || !groupCustodians(ctx).has(anchor) || !(await speaks(anchor))) return
    const peer = peerIdFromString(anchor)
    const probe = custodyAsk(ctx).heads.map(([g]) => g)
    if (probe.length === 0) return
    const heads = new Map<GroupId, number>(
      (await holdGroupLogs(libp2p, peer, { v: 1, probe, logs: [] })).heads,
    )
    for (let round = 0; round < GROUP_SYNC_LIMITS.rounds && !stopped; round++) {
      const { hold, more } = custodyHold(ctx, heads)
      if (hold.logs.length === 0) return
      const receipt = await holdGroupLogs(libp2p, peer, hold)
      for (const [g, seq] of receipt.heads) heads.set(g, seq)
      if (receipt.refused.length > 0) {
        log.warn('groups:custody-refused', {
          anchor: shortId(anchor),
          reasons: receipt.refused.map(([, name]) => name).join(','),
        })
        // a refused log is not sent again in this push: take it as held at our head
        for (const [g] of receipt.refused) heads.set(g, ctx.store.getGroup(g)?.state.seq ?? 0)
      }
      if (!more) return
    }
  }

  const push = (anchor: NodeId): Promise<void> => {
    const before = running.get(anchor) ?? Promise.resolve()
    const run = before
      .then(() => pushOnce(anchor))
      .catch((err: unknown) => {
        log.warn('groups:custody-failed', { anchor: shortId(anchor), error: errorName(err) })
      })
    running.set(anchor, run)
    void run.finally(() => {
      if (running.get(anchor) === run) running.delete(anchor)
    })
    return run
  }

  return {
    push,
    async pushAll() {
      const connected = (id: NodeId) => libp2p.getConnections(peerIdFromString(id)).length > 0
      await Promise.all([...groupCustodians(ctx)].filter(connected).map((a) => push(a)))
    },
    async stop() {
      stopped = true
      await Promise.allSettled([...running.values()])
    },
  }
}
