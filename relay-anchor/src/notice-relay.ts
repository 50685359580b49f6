/**
 * The anchor's side of direct notices (docs/design.md §5; spec: docs/protocol/notice.md): a notice from an
 * author connected to it makes the mailbox pull the change; once held, the same signed notice goes
 * on to each recipient of that post connected to the anchor, who then pulls it from here. Nothing of
 * it reaches the public topic. Senders are rate-limited by the notice server.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { verify } from '../../src/core/crypto/index.ts'
import { errorName } from '../../src/core/errors.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import { publicKeyFromNodeId } from '../../src/core/model/index.ts'
import {
  type DistsocLibp2p,
  type Logger,
  registerNoticeProtocol,
  type ServeOptions,
  sendNotice,
} from '../../src/core/net/index.ts'
import type { SignedAnnouncement } from '../../src/core/sync/index.ts'
import type { AnchorMailbox } from './mailbox.ts'

/** Serves `/distsoc/notice/1.0.0` on the anchor and passes notices on to connected recipients. */
export async function registerNoticeRelay(
  libp2p: DistsocLibp2p,
  mailbox: Pick<AnchorMailbox, 'noticed'>,
  options: ServeOptions & { logger: Logger },
): Promise<void> {
  const log = options.logger
  const connected = (id: NodeId): boolean => libp2p.getConnections(peerIdFromString(id)).length > 0
  const relay = async (notice: SignedAnnouncement, from: NodeId): Promise<void> => {
    if (from !== notice.author) return
    const recipients = await mailbox.noticed(notice)
    const targets = recipients.filter((r) => r !== from && connected(r))
    const sent = await Promise.allSettled(targets.map((r) => sendNotice(libp2p, peerIdFromString(r), notice)))
    log.debug('notice-relayed', {
      to: targets.length,
      failed: sent.filter((r) => r.status === 'rejected').length,
    })
  }
  await registerNoticeProtocol(libp2p, {
    ...options,
    verify: (id, message, signature) => verify(publicKeyFromNodeId(id), message, signature),
    now: () => Date.now(),
    onNotice: (notice, from) => {
      relay(notice, from).catch((err: unknown) => log.debug('notice-relay-failed', { error: errorName(err) }))
    },
  })
}
