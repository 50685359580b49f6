/**
 * Group records on the network (issue 14; docs/protocol/groups.md "Sync"): serves
 * `/distsoc/groups/1.0.0`, runs one exchange before every pull from a peer that speaks it (so a
 * group's log is held before its posts arrive), rekeys after a leave when this node is the
 * designee, settles a fork with a peer (signing again on the winner what this node signed on the
 * losing branch), and on a local change sends a direct notice to the connected members (and reaches
 * an invitee, again every 15 s until they ask), whose pull brings the records. Exchanges run one at
 * a time: folds never interleave.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { errorName } from '../../errors.ts'
import { GROUP_SYNC_LIMITS } from '../../groups/index.ts'
import type { GroupId, NodeId } from '../../model/index.ts'
import { shortId } from '../../model/index.ts'
import { after, askGroupLogs, GROUP_SYNC_PROTOCOL, registerGroupSyncProtocol } from '../../net/index.ts'
import { reissueDropped } from '../group-fork-repair.ts'
import { rekeyIfNeeded } from '../group-service.ts'
import { groupAnswerFor, groupAskFor, rekeyDesignee, takeGroupAnswer } from '../group-sync.ts'
import { requireIdentity } from '../node-context.ts'
import type { PrivateChange } from './notices.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** What the unit needs of the other units. */
export interface GroupSyncHooks {
  /** Sends a direct notice of `change` to the connected `recipients` only (no anchor holds group records). */
  notify(change: PrivateChange): Promise<unknown>
  /** Dials a connect string's anchors. */
  dialAnchors(addrs: readonly string[]): Promise<void>
  /** Tries to reach a peer (the discovery cascade). */
  reach(id: NodeId): Promise<void>
  /** A peer sent refused records (score it). */
  onRefused?(peer: NodeId, reason: string): void
  /** `peer` holds a branch of `group` that lost the fork at seq `at` to the one held here. */
  onLost?(peer: NodeId, group: GroupId, at: number): void
  /** Retry period for invitees not reached yet (tests shorten it); default INVITEE_RETRY.everyMs. */
  inviteeRetryMs?: number
}

/** The group side of a node on the network. */
export interface GroupSync extends NetworkUnit {
  /** Exchanges group records with `peer` (asks again while it has more); a no-op for a peer that does not speak the protocol. */
  exchange(peer: NodeId): Promise<void>
  /** A group changed here: tell its connected members, and reach an invitee at `extra.anchors`. */
  changed(group: GroupId, extra?: { invitee: NodeId; anchors: readonly string[] }): Promise<void>
}

/** How often an invitee not reached yet is tried again, and for how long, and how many at most. */
export const INVITEE_RETRY = { everyMs: 15_000, forMs: 30 * 60_000, max: 64 } as const

/** Serves group sync and returns the unit. */
export async function startGroupSync(
  { ctx, libp2p }: UnitContext,
  hooks: GroupSyncHooks,
): Promise<GroupSync> {
  const me = requireIdentity(ctx).nodeId
  const log = ctx.logger
  let stopped = false
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job)
    queue = run.catch(() => {})
    return run
  }
  /** Invitees whose first ask has not come yet: tried again until they ask (they then hold the invitation). */
  const pending = new Map<NodeId, { anchors: readonly string[]; until: number }>()
  await registerGroupSyncProtocol(libp2p, {
    answer: (ask, from) => {
      pending.delete(from)
      return groupAnswerFor(ctx, from, ask)
    },
    logger: log,
  })
  const connected = (id: NodeId): boolean => libp2p.getConnections(peerIdFromString(id)).length > 0
  const retryInvitees = async (): Promise<void> => {
    const now = ctx.clock.now()
    for (const [invitee, { anchors, until }] of pending) {
      if (stopped) return
      if (until < now) pending.delete(invitee)
      else if (!connected(invitee)) {
        await hooks.dialAnchors(anchors).catch(() => {})
        await hooks.reach(invitee).catch(() => {})
      }
    }
  }
  let cancelRetry = (): void => {}
  const loop = (): void => {
    cancelRetry = after(hooks.inviteeRetryMs ?? INVITEE_RETRY.everyMs, () => {
      if (stopped) return
      void retryInvitees().finally(() => {
        if (!stopped) loop()
      })
    })
  }
  loop()

  const speaks = async (peer: NodeId): Promise<boolean> => {
    try {
      const known = await libp2p.peerStore.get(peerIdFromString(peer))
      return known.protocols.includes(GROUP_SYNC_PROTOCOL)
    } catch {
      return false
    }
  }

  const notifyMembers = async (group: GroupId, invitee?: NodeId, only?: readonly NodeId[]): Promise<void> => {
    const held = ctx.store.getGroup(group)
    if (held === undefined) return
    const all = only ?? [...held.state.members.keys(), ...(invitee === undefined ? [] : [invitee])]
    const recipients = all.filter((m) => m !== me)
    await hooks.notify({ id: held.state.head, created_at: held.state.updated_at, recipients })
  }

  const exchangeOnce = async (peer: NodeId): Promise<void> => {
    if (stopped || !(await speaks(peer))) return
    let points: Map<GroupId, number> | undefined
    for (let round = 0; round < GROUP_SYNC_LIMITS.rounds && !stopped; round++) {
      const ask = groupAskFor(ctx, peer, points)
      const answer = await askGroupLogs(libp2p, peerIdFromString(peer), ask)
      const taken = await takeGroupAnswer(ctx, ask, answer, (reason) => hooks.onRefused?.(peer, reason))
      if (Object.keys(taken.refused).length > 0)
        log.warn('groups:refused', { peer: shortId(peer), ...taken.refused })
      for (const { group, dropped } of taken.repaired) {
        // a fork settled against this node's branch: sign again on the winner what was ours
        const again = await reissueDropped(ctx, group, dropped)
        log.info('groups:fork-repaired', { dropped: dropped.length, reissued: again })
        void notifyMembers(group).catch(() => {})
      }
      // the peer holds a losing branch: a notice makes a node pull (and ask) from us; an anchor
      // that keeps our logs is handed our branch from the fork on
      for (const [group, at] of taken.lost) {
        hooks.onLost?.(peer, group, at)
        void notifyMembers(group, undefined, [peer]).catch(() => {})
      }
      for (const state of taken.changed) {
        // After a leave, one designee starts the next epoch for the members who stay.
        if (!state.needs_rekey || rekeyDesignee(state) !== me) continue
        if (await rekeyIfNeeded(ctx, state.id)) void notifyMembers(state.id).catch(() => {})
      }
      points = taken.deeper.size > 0 ? taken.deeper : undefined
      if (points === undefined && (!answer.more || taken.changed.length === 0)) return
    }
  }

  return {
    exchange: (peer) =>
      serially(() => exchangeOnce(peer)).catch((err: unknown) => {
        log.warn('groups:exchange-failed', { peer: shortId(peer), error: errorName(err) })
      }),
    async changed(group, extra) {
      if (stopped) return
      if (extra !== undefined) {
        if (pending.size < INVITEE_RETRY.max || pending.has(extra.invitee))
          pending.set(extra.invitee, { anchors: extra.anchors, until: ctx.clock.now() + INVITEE_RETRY.forMs })
        await hooks.dialAnchors(extra.anchors).catch(() => {})
        await hooks.reach(extra.invitee).catch(() => {})
      }
      await notifyMembers(group, extra?.invitee)
    },
    async stop() {
      stopped = true
      cancelRetry()
      await libp2p.unhandle(GROUP_SYNC_PROTOCOL).catch(() => {})
    },
  }
}
