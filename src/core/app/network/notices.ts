/**
 * Direct notices of private activity (docs/design.md §5; spec: docs/protocol/notice.md): an encrypted post,
 * DM or a delete of one is never announced on the public topic. Its author sends a signed notice
 * to each connected recipient and to each connected anchor that will hold it (the author or a
 * recipient lists it); anchors pass it on to the recipients connected to them once they hold the
 * post. A notice is taken only from its author or from an anchor of ours, and leads to one pull
 * from its sender.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { sign } from '../../crypto/index.ts'
import type { NodeId, PostId } from '../../model/index.ts'
import { NOTICE_PROTOCOL, registerNoticeProtocol, sendNotice } from '../../net/index.ts'
import { type SignedAnnouncement, signAnnouncement } from '../../sync/index.ts'
import { isKnownAnchor, listsAnchor, trustedAnchorIds } from '../anchor-trust.ts'
import { requireIdentity } from '../node-context.ts'
import { isNews, verifyByNodeId } from './news.ts'
import type { Pulls } from './pulls.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** A private change by this node and who may hold it. */
export interface PrivateChange {
  id: string
  created_at: number
  recipients: readonly NodeId[]
}

/** The notice side of a node. */
export interface Notices extends NetworkUnit {
  /**
   * Signs a notice of `change` and sends it to the connected peers entitled to it; resolves with
   * how many acknowledged. `anchors: false` leaves out the anchors (they hold no group records).
   */
  publish(change: PrivateChange, options?: { anchors?: boolean }): Promise<number>
}

/** Serves `/distsoc/notice/1.0.0` and pulls on a notice from its author or an anchor. */
export async function startNotices({ ctx, libp2p }: UnitContext, pulls: Pulls): Promise<Notices> {
  const identity = requireIdentity(ctx)
  const log = ctx.logger
  let stopped = false
  const onNotice = (notice: SignedAnnouncement, from: NodeId): void => {
    if (stopped) return
    if (from !== notice.author && !isKnownAnchor(ctx, from)) return
    if (!isNews(ctx.store, notice)) return
    pulls.pull(from)
  }
  await registerNoticeProtocol(libp2p, {
    verify: verifyByNodeId,
    now: () => ctx.clock.now(),
    onNotice,
    logger: log,
  })
  const connected = (id: NodeId): boolean => libp2p.getConnections(peerIdFromString(id)).length > 0
  return {
    async publish(change, options = {}) {
      const notice = await signAnnouncement(
        { author: identity.nodeId, id: change.id as PostId, created_at: change.created_at },
        (message) => sign(identity.seed, message),
        'notice',
      )
      const holders = [...(options.anchors === false ? [] : trustedAnchorIds(ctx))].filter(
        (anchor) =>
          listsAnchor(ctx, identity.nodeId, anchor) ||
          change.recipients.some((r) => listsAnchor(ctx, r, anchor)),
      )
      const targets = [...new Set([...change.recipients, ...holders])].filter(
        (id) => id !== identity.nodeId && connected(id),
      )
      const sent = await Promise.allSettled(
        targets.map((id) => sendNotice(libp2p, peerIdFromString(id), notice)),
      )
      const failed = sent.filter((r) => r.status === 'rejected').length
      if (failed > 0) log.debug('notice:send-failed', { failed, of: targets.length })
      return targets.length - failed
    },
    async stop() {
      stopped = true
      await libp2p.unhandle(NOTICE_PROTOCOL).catch(() => {})
    },
  }
}
