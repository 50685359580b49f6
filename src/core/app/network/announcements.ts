/**
 * The public announcement topic (docs/design.md §5; spec: docs/protocol/announce.md): publishes this node's
 * public changes (public posts, their deletes, profiles), guards the topic with the validator, and
 * pulls at once when a wanted author announces — from the author when connected, else from the
 * peer that forwarded it. Private activity never goes here (see notices.ts).
 */
import type { GossipSubEvents } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { sign } from '../../crypto/index.ts'
import { errorName } from '../../errors.ts'
import type { NodeId, PostId } from '../../model/index.ts'
import { after } from '../../net/index.ts'
import {
  ANNOUNCE_TOPIC,
  decodeAnnouncement,
  encodeAnnouncement,
  guardAnnounceTopic,
  signAnnouncement,
} from '../../sync/index.ts'
import { requireIdentity } from '../node-context.ts'
import { isNews, verifyByNodeId } from './news.ts'
import type { Pulls } from './pulls.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** When a change announced through a relay has not arrived, ask the relay again after this. */
const RETRY_ANNOUNCED_MS = 1500

/** The announcement side of a node. */
export interface Announcements extends NetworkUnit {
  /** Signs and publishes a public change `(id, time)` by this node on the topic. */
  publish(change: { id: string; created_at: number }): Promise<void>
}

/** Subscribes to the topic, installs its validator and pulls on wanted news. */
export function startAnnouncements({ ctx, libp2p }: UnitContext, pulls: Pulls): Announcements {
  const identity = requireIdentity(ctx)
  const log = ctx.logger
  const pubsub = libp2p.services.pubsub
  const cancels: Array<() => void> = []
  let stopped = false
  const unguard = guardAnnounceTopic(pubsub, verifyByNodeId, () => ctx.clock.now())
  pubsub.subscribe(ANNOUNCE_TOPIC)

  const onAnnouncement = async (data: Uint8Array, from: PeerId): Promise<void> => {
    try {
      const ann = await decodeAnnouncement(data, verifyByNodeId, ctx.clock.now())
      const wanted = ann.author === identity.nodeId || ctx.store.isFollowing(ann.author)
      if (!wanted || !isNews(ctx.store, ann)) return
      const direct = libp2p.getConnections(peerIdFromString(ann.author)).length > 0
      const source = (direct ? ann.author : from.toString()) as NodeId
      pulls.pull(source)
      // A relaying anchor may pull the change from the author only now: ask once more shortly.
      cancels.push(
        after(RETRY_ANNOUNCED_MS, () => {
          if (!stopped && isNews(ctx.store, ann)) pulls.pull(source)
        }),
      )
      if (cancels.length > 64) cancels.shift()
    } catch (err) {
      log.debug('announce:rejected', { error: errorName(err) })
    }
  }
  const onMessage = (evt: GossipSubEvents['gossipsub:message']): void => {
    const { msg, propagationSource } = evt.detail
    if (msg.topic !== ANNOUNCE_TOPIC || stopped) return
    void onAnnouncement(msg.data, propagationSource)
  }
  pubsub.addEventListener('gossipsub:message', onMessage)

  return {
    async publish(change) {
      const signed = await signAnnouncement(
        { author: identity.nodeId, id: change.id as PostId, created_at: change.created_at },
        (message) => sign(identity.seed, message),
      )
      try {
        await pubsub.publish(ANNOUNCE_TOPIC, encodeAnnouncement(signed))
      } catch (err) {
        log.debug('announce:publish-failed', { error: errorName(err) })
      }
    },
    stop() {
      stopped = true
      pubsub.removeEventListener('gossipsub:message', onMessage)
      unguard()
      for (const cancel of cancels.splice(0)) cancel()
    },
  }
}
