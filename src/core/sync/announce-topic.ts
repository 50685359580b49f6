/**
 * The gossipsub guard of the announcement topic (docs/design.md §5): every message on `distsoc/announce/1`
 * is decoded and verified before it is delivered or forwarded. A malformed, oversize, future or
 * badly signed one gets `TopicValidatorResult.Reject`, which drops it and counts an invalid
 * delivery against the peer that forwarded it (scored by `ANNOUNCE_TOPIC_SCORE`).
 */
// Types only from gossipsub's index: a value from it would put all of gossipsub (≈ 150 kB) into the
// browser node's first chunk, ahead of the first feed page (issue 12).
import type { TopicValidatorFn, TopicValidatorResult } from '@libp2p/gossipsub'
import { createTopicScoreParams, type TopicScoreParams } from '@libp2p/gossipsub/score'
import type { Millis } from '../model/index.ts'
import { ANNOUNCE_TOPIC, decodeAnnouncement, type VerifySignature } from './announce.ts'

/** gossipsub's `TopicValidatorResult` values (its string enum), without loading gossipsub. */
const Verdict = {
  Accept: 'accept' as TopicValidatorResult.Accept,
  Ignore: 'ignore' as TopicValidatorResult.Ignore,
  Reject: 'reject' as TopicValidatorResult.Reject,
}

/** A validator for the announcement topic; `now` is read per message. */
export function announceTopicValidator(verify: VerifySignature, now: () => Millis): TopicValidatorFn {
  return async (_peer, message) => {
    if (message.topic !== ANNOUNCE_TOPIC) return Verdict.Ignore
    try {
      await decodeAnnouncement(message.data, verify, now())
      return Verdict.Accept
    } catch {
      return Verdict.Reject
    }
  }
}

/** Installs the validator on a gossipsub node (browser or anchor) for the announcement topic. */
export function guardAnnounceTopic(
  pubsub: { topicValidators: Map<string, TopicValidatorFn> },
  verify: VerifySignature,
  now: () => Millis,
): () => void {
  pubsub.topicValidators.set(ANNOUNCE_TOPIC, announceTopicValidator(verify, now))
  return () => {
    pubsub.topicValidators.delete(ANNOUNCE_TOPIC)
  }
}

/**
 * Score of the announcement topic: only invalid deliveries count (announcements are rare, so the
 * mesh-delivery terms would punish honest quiet peers); ten rejects push a peer below gossipsub's
 * default gossip threshold (−10).
 */
export const ANNOUNCE_TOPIC_SCORE: TopicScoreParams = createTopicScoreParams({
  topicWeight: 1,
  timeInMeshWeight: 0,
  firstMessageDeliveriesWeight: 0,
  meshMessageDeliveriesWeight: 0,
  meshFailurePenaltyWeight: 0,
  invalidMessageDeliveriesWeight: -1,
  invalidMessageDeliveriesDecay: 0.9,
})
