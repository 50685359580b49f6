/**
 * The default mailbox: the sync engine (`/distsoc/sync/1.0.0`) on the anchor's better-sqlite3
 * store (DESIGN §6). It serves held posts with the same sender-side filtering as any node, and
 * on check-in pulls the new posts of a connecting author whose profile lists this anchor.
 */
import { join } from 'node:path'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { isNews } from '../../src/core/app/network-runtime.ts'
import { SyncScheduler } from '../../src/core/app/sync-scheduler.ts'
import { verify } from '../../src/core/crypto/index.ts'
import {
  publicKeyFromNodeId,
  shouldSendPost,
  verifyDeleteRequest,
  verifyPost,
  verifyProfile,
} from '../../src/core/model/index.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import { shortId } from '../../src/core/net/index.ts'
import { openStore, type Store } from '../../src/core/storage/index.ts'
import {
  ANNOUNCE_TOPIC,
  decodeAnnouncement,
  registerSyncProtocol,
  SYNC_PROTOCOL,
  type SyncDeps,
  syncWithPeer,
} from '../../src/core/sync/index.ts'
import type { AnchorMailbox, MailboxContext, MailboxFactory } from './mailbox.ts'
import { createMailboxSyncStore, profileListsAnchor } from './mailbox-store.ts'
import { openBetterSqlite3Driver } from './storage/better-sqlite3-driver.ts'

/** File name of the mailbox database inside the data directory. */
export const MAILBOX_DB = 'mailbox.sqlite'

/** Check-in pacing. */
export interface CheckInOptions {
  /** Least time between two check-ins of one peer, ms (default 60 s). */
  minIntervalMs?: number
  /** Concurrent check-in pulls (default 4). */
  concurrency?: number
  /** How often connected users who list this anchor are pulled again (default 2 min). */
  refreshEveryMs?: number
}

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
  const syncStore = createMailboxSyncStore(store, ctx.nodeId, ctx.quota, {
    stored: (posts, bytes) => {
      ctx.metrics.inc('mailboxPostsStored', posts)
      ctx.metrics.inc('mailboxBytesStored', bytes)
    },
    refused: (reason) => {
      if (reason === 'quota') ctx.metrics.inc('mailboxQuotaRejections')
    },
  })
  const deps: SyncDeps = {
    store: syncStore,
    verifier: { verifyPost, verifyProfile, verifyDeleteRequest, shouldSendPost },
    logger: log,
    onPeerReject: (peer, reason) => {
      ctx.metrics.rejectFrame(SYNC_PROTOCOL, reason)
      log.warn('sync-rejected', { peer: shortId(peer), reason })
    },
  }
  const lastCheckIn = new Map<string, number>()
  const minInterval = options.minIntervalMs ?? 60_000
  const concurrency = options.concurrency ?? 4
  let running = 0
  let closed = false
  let libp2pRef: Parameters<AnchorMailbox['attach']>[0] | undefined
  let refresher: ReturnType<typeof setInterval> | undefined

  const pull = async (peer: PeerId): Promise<number> => {
    if (libp2pRef === undefined) return 0
    const result = await syncWithPeer(libp2pRef, peer, deps, { wants: [peer.toString() as NodeId] })
    return result.received.posts
  }

  // A new post announced by a connected author: pull it now (one pull per author at a time).
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
    protocols: [SYNC_PROTOCOL],
    async attach(libp2p) {
      libp2pRef = libp2p
      await registerSyncProtocol(libp2p, deps)
      // A missed announcement is caught up here: connected users are pulled again now and then.
      refresher = setInterval(() => {
        for (const peer of new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))) {
          if (profileListsAnchor(store.getProfile(peer as NodeId), ctx.nodeId)) {
            announced.request(peer as NodeId).catch(() => {})
          }
        }
      }, options.refreshEveryMs ?? 120_000)
      refresher.unref()
      // Subscribing also makes the anchor forward announcements between the browsers it serves.
      libp2p.services.pubsub.subscribe(ANNOUNCE_TOPIC)
      libp2p.services.pubsub.addEventListener('gossipsub:message', (evt) => {
        if (evt.detail.msg.topic !== ANNOUNCE_TOPIC || closed) return
        onAnnouncement(libp2p, evt.detail.msg.data).catch((err: unknown) => {
          log.debug('announce-pull-failed', { error: err instanceof Error ? err.name : 'error' })
        })
      })
    },
    async onPeerIdentified(peer, protocols) {
      if (closed || !protocols.includes(SYNC_PROTOCOL)) return
      const id = peer.toString()
      const now = Date.now()
      if (now - (lastCheckIn.get(id) ?? 0) < minInterval || running >= concurrency) return
      lastCheckIn.set(id, now)
      if (lastCheckIn.size > 50_000) lastCheckIn.delete(lastCheckIn.keys().next().value ?? '')
      running++
      try {
        const listedBefore = profileListsAnchor(store.getProfile(id as NodeId), ctx.nodeId)
        let posts = await pull(peer)
        // the profile that lists us may have arrived in this very session, after its posts
        if (!listedBefore && profileListsAnchor(store.getProfile(id as NodeId), ctx.nodeId))
          posts += await pull(peer)
        ctx.metrics.inc('checkIns')
        log.info('check-in', { peer: shortId(id), posts })
      } finally {
        running--
      }
    },
    stats() {
      if (closed) return { posts: 0, bytes: 0 }
      const row = store.db.get<{ n: number; b: number }>(
        'SELECT COUNT(*) AS n, COALESCE(SUM(length(post_bytes) + length(visibility)), 0) AS b FROM posts',
      )
      const blobs = store.db.get<{ b: number }>('SELECT COALESCE(SUM(size), 0) AS b FROM blobs')
      return { posts: row?.n ?? 0, bytes: (row?.b ?? 0) + (blobs?.b ?? 0) }
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(refresher)
      await announced.stop()
      store.close()
    },
  }
}
