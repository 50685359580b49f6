/**
 * The mailbox seam (docs/design.md §6): the anchor stores posts, blobs and profiles of authors who list it,
 * and encrypted posts for their recipients, within quotas, and serves them with the
 * same sender-side filtering. It *is* the sync engine (`src/core/sync`) on the anchor's SQLite
 * store; this interface is how the anchor drives it, so the anchor runs without it too.
 */
import type { PeerId } from '@libp2p/interface'
import type { NodeId } from '../../src/core/model/index.ts'
import type { DistsocLibp2p, Logger } from '../../src/core/net/index.ts'
import type { SignedAnnouncement } from '../../src/core/sync/index.ts'
import type { AnchorMetrics } from './metrics.ts'

/**
 * Mailbox limits (docs/design.md §5): per author, per recipient's inbox (encrypted posts from others) and
 * in total; exceeding one raises MailboxQuotaExceededError in the store, which the sender sees.
 */
export interface MailboxQuota {
  perAuthorBytes: number
  perAuthorPosts: number
  perRecipientBytes: number
  perRecipientPosts: number
  totalBytes: number
  totalPosts: number
}

/** What the anchor gives a mailbox. */
export interface MailboxContext {
  /** Data directory (the database lives here); undefined for a throwaway anchor. */
  dataDir: string | undefined
  nodeId: string
  quota: MailboxQuota
  metrics: AnchorMetrics
  logger: Logger
  /** A session served to `peer` ended on its fault, with the error's name (the anchor cuts offenders, issue 11). */
  onPeerFault?: (peer: NodeId, errorName: string) => void
  /** The mailbox stored a profile of `peer` that lists this anchor, where it held none that did: a new user. */
  onUserListed?: (peer: NodeId) => void
}

/** The anchor's mailbox. */
export interface AnchorMailbox {
  /** Protocol ids it serves (e.g. `/distsoc/sync/1.0.0`), for logs and tests. */
  readonly protocols: readonly string[]
  /** Registers its protocol handlers on the anchor's node. */
  attach(libp2p: DistsocLibp2p): Promise<void>
  /**
   * Check-in: a peer finished identify. If its profile lists this anchor (`ownAddrs`), pull its new
   * posts (syncWithPeer) so the anchor holds them after the author goes offline. Resolves true if
   * the peer turned out to be a user of this anchor (its profile lists it).
   */
  onPeerIdentified(peer: PeerId, protocols: readonly string[], ownAddrs: readonly string[]): Promise<boolean>
  /**
   * A verified direct notice of private activity from its connected author (docs/design.md §5): pulls the
   * change and, if it was news, returns the recipients of the noticed post, to pass the notice on.
   */
  noticed(notice: SignedAnnouncement): Promise<readonly NodeId[]>
  /** True if `peer` is a user of this anchor: its profile here lists the anchor. */
  isUser(peer: NodeId): boolean
  /** Posts and bytes held, for /metrics; `groupRecords`: group records kept for users (issue 14). */
  stats(): { posts: number; bytes: number; groupRecords?: number }
  /** Closes the database; called last on shutdown. */
  close(): Promise<void>
}

/** Builds a mailbox. */
export type MailboxFactory = (ctx: MailboxContext) => AnchorMailbox | Promise<AnchorMailbox>

/** A mailbox that stores nothing (no data dir, or sync not wired). */
export function createNullMailbox(): AnchorMailbox {
  return {
    protocols: [],
    attach: async () => {},
    onPeerIdentified: async () => false,
    noticed: async () => [],
    isUser: () => false,
    stats: () => ({ posts: 0, bytes: 0 }),
    close: async () => {},
  }
}
