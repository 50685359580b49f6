/**
 * `/distsoc/notice/1.0.0` (docs/design.md §5; spec: docs/protocol/notice.md): the direct notice of private
 * activity. The author of an encrypted post, DM or a delete of one tells its connected recipients
 * and the anchors that will hold it — never the public topic. One frame each way: the requester
 * sends a signed notice (the announcement map, signed under the `distsoc/notice/v1` domain); the
 * server verifies it, answers `{ v: 1 }` and then acts (pulls). Notices are rate-limited per sender.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { MalformedError, RateLimitedError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'
import {
  parseAnnouncement,
  type SignedAnnouncement,
  type VerifySignature,
  verifyAnnouncement,
} from '../sync/index.ts'
import { RequestBudget } from './request-budget.ts'
import { requestOnce, type ServeOptions, serveRequests } from './request-response.ts'
import { isRecord } from './wire-checks.ts'

/** Protocol id of the direct notice. */
export const NOTICE_PROTOCOL = '/distsoc/notice/1.0.0'
/** Largest notice frame (a notice is ~170 bytes). */
export const NOTICE_FRAME_BYTES = 512

/** The server's acknowledgement. */
export interface NoticeAck {
  v: 1
}

/** Validates a decoded acknowledgement frame. */
export function parseNoticeAck(value: unknown): NoticeAck {
  if (!isRecord(value) || value['v'] !== 1 || Object.keys(value).length !== 1) {
    throw new MalformedError('notice ack: wrong shape')
  }
  return { v: 1 }
}

/** What a notice server needs. */
export interface NoticeServerDeps extends ServeOptions {
  verify: VerifySignature
  now: () => Millis
  /** Receives a verified notice from `from`; called after the acknowledgement, not awaited. */
  onNotice(notice: SignedAnnouncement, from: NodeId): void
  /** Per-sender budget (default: a burst of 16, one more every 500 ms). */
  budget?: RequestBudget
}

/** Serves direct notices on `libp2p`. */
export async function registerNoticeProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  deps: NoticeServerDeps,
): Promise<void> {
  const budget = deps.budget ?? new RequestBudget({ burst: 16, refillMs: 500 })
  await serveRequests(
    libp2p,
    NOTICE_PROTOCOL,
    NOTICE_FRAME_BYTES,
    parseAnnouncement,
    async (notice, from): Promise<NoticeAck> => {
      if (!budget.take(from)) throw new RateLimitedError('too many notices')
      const verified = await verifyAnnouncement(notice, deps.verify, deps.now(), 'notice')
      void Promise.resolve().then(() => deps.onNotice(verified, from))
      return { v: 1 }
    },
    deps,
  )
}

/** Sends a signed notice to `peer` and waits for its acknowledgement. Throws typed errors. */
export async function sendNotice(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId,
  notice: SignedAnnouncement,
): Promise<void> {
  const { author, id, created_at, signature } = notice
  await requestOnce(
    libp2p,
    peer,
    NOTICE_PROTOCOL,
    { author, id, created_at, signature },
    NOTICE_FRAME_BYTES,
    parseNoticeAck,
  )
}
