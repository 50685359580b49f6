/**
 * Handing group logs to the anchors that keep them (issue 14; docs/protocol/groups.md "Anchors
 * hold group logs"): after each exchange with such an anchor, after a local change and after an
 * exchange with anyone that grew a log, the node probes the anchor's heads over
 * `/distsoc/group-hold/1.0.0` and sends the records it lacks, in bounded rounds, one push per
 * anchor at a time. The anchor's refusals are logged and not retried within the push — but a fork
 * (GroupConflictError: the anchor holds another branch, groups.md "Forks") is sent once more as a
 * window around it so the anchor's fork choice sees both branches; if ours loses there, the node
 * pulls the winner from the anchor (once per head of ours), and an exchange that finds the anchor
 * on a losing branch has the next push send ours from the fork on.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName, GroupConflictError } from '../../errors.ts'
import { FORK_LIMITS, GROUP_SYNC_LIMITS } from '../../groups/index.ts'
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
  /** `anchor` holds a branch of `group` that lost at seq `at`: its next push sends ours from there. */
  resendFrom(anchor: NodeId, group: GroupId, at: number): void
}

/** What the unit needs of the others. */
export interface GroupCustodyHooks {
  /** The anchor refused a window of a group as a losing branch: it holds a winner this node lacks (pull it). */
  behind?(anchor: NodeId): void
}

/** Starts the unit. */
export function startGroupCustodyPush(
  { ctx, libp2p }: UnitContext,
  hooks: GroupCustodyHooks = {},
): GroupCustodyPush {
  const log = ctx.logger
  let stopped = false
  const running = new Map<NodeId, Promise<void>>()
  /** Per anchor, groups to send from a fork's seq on (custodians only, ≤ an ask's heads each). */
  const resend = new Map<NodeId, Map<GroupId, number>>()
  /** Per anchor and group, the head at which this node last pulled for a losing window (once per head). */
  const pulledAt = new Map<NodeId, Map<GroupId, string>>()

  const speaks = async (peer: NodeId): Promise<boolean> => {
    try {
      const known = await libp2p.peerStore.get(peerIdFromString(peer))
      return known.protocols.includes(GROUP_HOLD_PROTOCOL)
    } catch {
      return false
    }
  }

  /** Handles a GroupConflictError refusal: first a window around the fork, then (once per head) a pull. */
  const onConflict = (anchor: NodeId, g: GroupId, heads: Map<GroupId, number>, windowed: Set<GroupId>) => {
    const mine = ctx.store.getGroup(g)?.state
    if (mine === undefined) return
    if (!windowed.has(g)) {
      windowed.add(g)
      const start = Math.min(heads.get(g) ?? -1, mine.seq) - FORK_LIMITS.depth
      if (start < 0) heads.delete(g)
      else heads.set(g, start)
      return
    }
    heads.set(g, mine.seq)
    const seen = pulledAt.get(anchor) ?? new Map<GroupId, string>()
    if (seen.get(g) === mine.head) return
    if (seen.size >= GROUP_SYNC_LIMITS.headsPerAsk) seen.clear()
    seen.set(g, mine.head)
    pulledAt.set(anchor, seen)
    hooks.behind?.(anchor)
  }

  const pushOnce = async (anchor: NodeId): Promise<void> => {
    if (stopped || !groupCustodians(ctx).has(anchor) || !(await speaks(anchor))) return
    const peer = peerIdFromString(anchor)
    const probe = custodyAsk(ctx).heads.map(([g]) => g)
    if (probe.length === 0) return
    const heads = new Map<GroupId, number>(
      (await holdGroupLogs(libp2p, peer, { v: 1, probe, logs: [] })).heads,
    )
    // a branch the anchor holds lost to ours: send ours from the fork on
    for (const [g, at] of resend.get(anchor) ?? []) heads.set(g, Math.min(heads.get(g) ?? at - 1, at - 1))
    resend.delete(anchor)
    const windowed = new Set<GroupId>()
    for (let round = 0; round < GROUP_SYNC_LIMITS.rounds && !stopped; round++) {
      const { hold, more } = custodyHold(ctx, heads)
      if (hold.logs.length === 0) return
      const receipt = await holdGroupLogs(libp2p, peer, hold)
      for (const [g, seq] of receipt.heads) heads.set(g, seq)
      let again = false
      if (receipt.refused.length > 0) {
        log.warn('groups:custody-refused', {
          anchor: shortId(anchor),
          reasons: receipt.refused.map(([, name]) => name).join(','),
        })
        for (const [g, name] of receipt.refused) {
          // a fork at the anchor (groups.md "Forks"): send a window around it once, then pull its winner
          if (name === GroupConflictError.name) {
            again ||= !windowed.has(g)
            onConflict(anchor, g, heads, windowed)
          }
          // any other refused log is not sent again in this push: take it as held at our head
          else heads.set(g, ctx.store.getGroup(g)?.state.seq ?? 0)
        }
      }
      if (!more && !again) return
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
    resendFrom(anchor, group, at) {
      if (!groupCustodians(ctx).has(anchor)) return
      const groups = resend.get(anchor) ?? new Map<GroupId, number>()
      if (groups.size < GROUP_SYNC_LIMITS.headsPerAsk || groups.has(group))
        groups.set(group, Math.min(groups.get(group) ?? at, at))
      resend.set(anchor, groups)
    },
    async stop() {
      stopped = true
      await Promise.allSettled([...running.values()])
    },
  }
}
