/**
 * The default mailbox: the sync engine (`/distsoc/sync/1.0.0`) on the anchor's better-sqlite3
 * store (docs/design.md §6). It serves held posts with the same sender-side filtering as any node, and
 * on check-in pulls the new posts of a connecting author whose profile lists this anchor.
 */
import { join } from 'node:path'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { verify } from '../../src/core/crypto/index.ts'
import { errorName } from '../../src/core/errors.ts'
import { HOST_PROTOCOL, registerHostProtocol } from '../../src/core/hosting/index.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import {
  publicKeyFromNodeId,
  shortId,
  shouldSendPost,
  verifyDeleteRequest,
  verifyPost,
  verifyProfile,
} from '../../src/core/model/index.ts'
import {
  GROUP_HOLD_PROTOCOL,
  GROUP_SYNC_PROTOCOL,
  registerGroupHoldProtocol,
  registerGroupSyncProtocol,
} from '../../src/core/net/index.ts'
import { openStore, type Store } from '../../src/core/storage/index.ts'
import {
  ANNOUNCE_TOPIC,
  decodeAnnouncement,
  guardAnnounceTopic,
  isNews,
  PeerBackoff,
  PullBudget,
  registerSyncProtocol,
  SYNC_PROTOCOL,
  type SyncDeps,
  SyncScheduler,
  type SyncServeLimits,
  syncWithPeer,
} from '../../src/core/sync/index.ts'
import { createGroupCustody, DEFAULT_GROUP_QUOTA, type GroupCustodyQuota } from './group-custody.ts'
import type { AnchorMailbox, MailboxContext, MailboxFactory } from './mailbox.ts'
import { mailboxHostingGate } from './mailbox-hosting.ts'
import { createMailboxSyncStore, type MailboxStoreContext, profileListsAnchor } from './mailbox-store.ts'
import { MailboxUsage } from './mailbox-usage.ts'
import { PEER_DAY_DEFAULTS, type PeerDayLimits, peerDayAdmission } from './peer-day-budget.ts'
import { PullSlots } from './pull-slots.ts'
import { openBetterSqlite3Driver } from './storage/index.ts'

/** File name of the mailbox database inside the data directory. */
export const MAILBOX_DB = 'mailbox.sqlite'

/** Check-in pacing and the bounds of the pulls the anchor makes and serves (issue 11). */
export interface CheckInOptions {
  /** Least time between two check-ins of one peer, ms (default 60 s). */
  minIntervalMs?: number
  /** Concurrent pulls of every kind — check-in, announcement, refresh (default 4). */
  concurrency?: number
  /** Pulls waiting for a slot, per lane (default 256). */
  maxQueued?: number
  /** How often connected users who list this anchor are pulled again (default 2 min). */
  refreshEveryMs?: number
  /** Whole-pull deadline, so a slow responder frees its slot (default 30 s). */
  pullDeadlineMs?: number
  /** Longest wait for a peer's next bytes, both directions (default 10 s). */
  readTimeoutMs?: number
  /** Bounds on the pulls the anchor serves (stream cap, session deadline, budget). */
  serve?: SyncServeLimits
  /**
   * Pulls served to peers that are not users (no profile here that lists this anchor), all of them
   * together: at once (default 16) and new per second (default 50), so users are served first.
   */
  strangerPulls?: { concurrent?: number; perSecond?: number }
  /** Caps on the group records kept for users (issue 14; default DEFAULT_GROUP_QUOTA). */
  groupQuota?: Partial<GroupCustodyQuota>
  /** What one peer may bring unasked per day and per session (issue 11; default PEER_DAY_DEFAULTS). */
  peerDay?: Partial<PeerDayLimits>
}

/** Defaults of CheckInOptions. */
export const CHECK_IN_DEFAULTS = {
  minIntervalMs: 60_000,
  concurrency: 4,
  maxQueued: 256,
  refreshEveryMs: 120_000,
  pullDeadlineMs: 30_000,
  readTimeoutMs: 10_000,
} as const

/** A MailboxFactory for the sync mailbox; `dbPath` overrides `<dataDir>/mailbox.sqlite` (':memory:' in tests). */
export function syncMailbox(options: CheckInOptions & { dbPath?: string } = {}): MailboxFactory {
  return (ctx) => createSyncMailbox(ctx, options)
}

function createSyncMailbox(
  ctx: MailboxContext,
  options: CheckInOptions & { dbPath?: string },
): AnchorMailbox {
  const path = options.dbPath ?? (ctx.dataDir === undefined ? ':memory:' : join(ctx.dataDir, MAILBOX_DB))
  const store: Store = openStore(openBetterSqlite3Driver(path))
  const log = ctx.logger
  const opts = { ...CHECK_IN_DEFAULTS, ...options }
  const peerDay: PeerDayLimits = { ...PEER_DAY_DEFAULTS, ...options.peerDay }
  const lists = (id: NodeId): boolean => profileListsAnchor(store.getProfile(id), ctx.nodeId)
  const usage = MailboxUsage.load(store, lists)
  const storeCtx: MailboxStoreContext = {
    store,
    anchorId: ctx.nodeId,
    quota: ctx.quota,
    usage,
    events: {
      stored: (posts, bytes) => {
        ctx.metrics.inc('mailboxPostsStored', posts)
        ctx.metrics.inc('mailboxBytesStored', bytes)
      },
      refused: (reason) => ctx.metrics.mailboxRefused(reason),
      listed: (author) => ctx.onUserListed?.(author),
    },
  }
  const groups = createGroupCustody({
    store,
    isUser: lists,
    quota: { ...DEFAULT_GROUP_QUOTA, ...options.groupQuota },
    now: () => Date.now(),
    onRefused: (peer, reason) => {
      ctx.metrics.rejectFrame(GROUP_HOLD_PROTOCOL, reason)
      log.warn('groups-refused', { peer: shortId(peer), reason })
    },
    onForkSettled: (peer, dropped) => log.info('groups-fork-settled', { peer: shortId(peer), dropped }),
  })
  const deps: SyncDeps = {
    store: createMailboxSyncStore(storeCtx),
    verifier: { verifyPost, verifyProfile, verifyDeleteRequest, shouldSendPost },
    logger: log,
    timeoutMs: opts.readTimeoutMs,
    onPeerReject: (peer, reason) => {
      ctx.metrics.rejectFrame(SYNC_PROTOCOL, reason)
      log.warn('sync-rejected', { peer: shortId(peer), reason })
    },
    onServeError: (peer, err) => ctx.onPeerFault?.(peer, err.name),
    // a peer whose check-ins keep bringing refused items is cut short, then not pulled, for a
    // cool-down kept in the mailbox database (issue 11)
    backoff: new PeerBackoff({
      ledger: store,
      onEvent: (reason, peer) => {
        ctx.metrics.syncBackoff(reason)
        if (reason !== 'forgiven') log.warn('sync-backoff', { peer: shortId(peer), reason })
      },
    }),
  }
  const lastCheckIn = new Map<string, number>()
  const slots = new PullSlots({ concurrency: opts.concurrency, maxQueued: opts.maxQueued })
  let closed = false
  let libp2pRef: Parameters<AnchorMailbox['attach']>[0] | undefined
  let refresher: ReturnType<typeof setInterval> | undefined

  /** One pull of `peer`'s own set in a slot; undefined when it was dropped (slots full). */
  const pull = async (peer: PeerId): Promise<number | undefined> => {
    const libp2p = libp2pRef
    if (libp2p === undefined) return 0
    const id = peer.toString() as NodeId
    let posts = 0
    const ran = await slots.run(lists(id), async () => {
      const session = {
        ...deps,
        store: createMailboxSyncStore(storeCtx, id),
        // posts by others that this peer brings: charged to its day, kept across restarts (issue 11)
        admission: peerDayAdmission(store, id, peerDay),
      }
      const result = await syncWithPeer(libp2p, peer, session, {
        wants: [id],
        deadlineMs: opts.pullDeadlineMs,
      })
      posts = result.received.posts
    })
    if (!ran) ctx.metrics.inc('pullsDropped')
    return ran ? posts : undefined
  }

  // A new post announced by a connected author: pull it (one pull per author at a time, in a slot).
  const announced = new SyncScheduler(async (author) => {
    await pull(peerIdFromString(author))
  })
  const onAnnouncement = async (libp2p: Parameters<AnchorMailbox['attach']>[0], data: Uint8Array) => {
    const ann = await decodeAnnouncement(
      data,
      (id, message, signature) => verify(publicKeyFromNodeId(id), message, signature),
      Date.now(),
    )
    if (!isNews(store, ann)) return
    if (libp2p.getConnections(peerIdFromString(ann.author)).length === 0) return
    await announced.request(ann.author)
  }

  return {
    protocols: [SYNC_PROTOCOL, HOST_PROTOCOL, GROUP_SYNC_PROTOCOL, GROUP_HOLD_PROTOCOL],
    async attach(libp2p) {
      libp2pRef = libp2p
      await registerSyncProtocol(libp2p, deps, {
        budget: new PullBudget({
          isUser: (peer) => lists(peer as NodeId),
          strangers: options.strangerPulls?.concurrent ?? 16,
          strangersPerSecond: options.strangerPulls?.perSecond ?? 50,
        }),
        onBusy: (_, reason) => ctx.metrics.pullRefused(reason),
        ...opts.serve,
      })
      // Host offers by the mailbox's rules (issue 15): same quotas, same cost, the same typed refusal.
      await registerHostProtocol(libp2p, {
        gate: mailboxHostingGate(usage, ctx.quota, lists, () => ctx.metrics.mailboxRefused('total')),
        store: { ...deps.store, hasPost: (id) => store.hasPost(id) },
        verifier: deps.verifier,
        now: () => Date.now(),
        logger: log,
        onReject: (protocol, reason) => ctx.metrics.rejectFrame(protocol, reason),
      })
      // Group logs of users, kept and served by the nodes' reveal rule (issue 14).
      const onReject = (protocol: string, reason: string) => ctx.metrics.rejectFrame(protocol, reason)
      await registerGroupSyncProtocol(libp2p, { answer: groups.answer, logger: log, onReject })
      await registerGroupHoldProtocol(libp2p, { take: groups.take, logger: log, onReject })
      // A missed announcement is caught up here: connected users are pulled again now and then.
      refresher = setInterval(() => {
        for (const peer of new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))) {
          if (lists(peer as NodeId)) {
            announced.request(peer as NodeId).catch(() => {})
          }
        }
      }, opts.refreshEveryMs)
      refresher.unref()
      // Subscribing also makes the anchor forward announcements between the browsers it serves.
      guardAnnounceTopic(
        libp2p.services.pubsub,
        (id, message, signature) => verify(publicKeyFromNodeId(id), message, signature),
        Date.now,
      )
      libp2p.services.pubsub.subscribe(ANNOUNCE_TOPIC)
      libp2p.services.pubsub.addEventListener('gossipsub:message', (evt) => {
        if (evt.detail.msg.topic !== ANNOUNCE_TOPIC || closed) return
        onAnnouncement(libp2p, evt.detail.msg.data).catch((err: unknown) => {
          log.debug('announce-pull-failed', { error: errorName(err) })
        })
      })
    },
    async onPeerIdentified(peer, protocols) {
      if (closed || !protocols.includes(SYNC_PROTOCOL)) return false
      const id = peer.toString() as NodeId
      const now = Date.now()
      if (now - (lastCheckIn.get(id) ?? 0) < opts.minIntervalMs) return lists(id)
      lastCheckIn.set(id, now)
      if (lastCheckIn.size > 50_000) lastCheckIn.delete(lastCheckIn.keys().next().value ?? '')
      const listedBefore = lists(id)
      let posts = await pull(peer)
      if (posts === undefined) return listedBefore
      // the profile that lists us may have arrived in this very session, after its posts
      const listed = lists(id)
      if (!listedBefore && listed) posts += (await pull(peer)) ?? 0
      ctx.metrics.inc('checkIns')
      log.info('check-in', { peer: shortId(id), posts })
      return listed
    },
    async noticed(notice) {
      if (closed || !isNews(store, notice)) return []
      const recipientsOf = (): NodeId[] => {
        const held = store.getPost(notice.id)?.signed.visibility
        return held?.type === 'encrypted' ? held.recipients.map((r) => r.recipient) : []
      }
      const before = recipientsOf()
      await announced.request(notice.author)
      return [...new Set([...before, ...recipientsOf()])]
    },
    isUser: lists,
    stats() {
      return { posts: usage.total.posts, bytes: usage.total.bytes, groupRecords: groups.usage().records }
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(refresher)
      slots.close()
      await announced.stop()
      store.close()
    },
  }
}
