/**
 * The application layer of a browser node (docs/design.md §1–§2): every RPC method of `src/core/api`
 * over the store, the model and the network. The worker validates the shapes of params at the
 * boundary; this layer checks meaning (names, limits, who may do what) and emits events.
 */
import type { NodeStatus, RpcMethod, RpcParams, RpcResult } from '../api/index.ts'
import { blake3, toHex } from '../crypto/index.ts'
import { errorName, NotFoundError, ValidationError } from '../errors.ts'
import { customFeed, dmThread, homeFeed, myPosts } from '../feed/index.ts'
import type { NodeId, Profile, Signed, SignedPost } from '../model/index.ts'
import { blobIdOf, type ExportCost, encodeCanonical } from '../model/index.ts'
import { after, type Logger } from '../net/index.ts'
import type { Clock, Store } from '../storage/index.ts'
import { addAnchor, listAnchors, removeAnchor, setAnchorEnabled, setDefaultAnchorEnabled } from './anchors.ts'
import { formatConnectString } from './connect-string.ts'
import { exportData, importData } from './data-export.ts'
import { type GroupNetworkHooks, groupHandlers } from './group-handlers.ts'
import { groupMembersOf } from './group-service.ts'
import { hostingStatus, markPinned, pin, unpin } from './hosting.ts'
import {
  createIdentity,
  exportIdentityFile,
  importIdentityFile,
  loadIdentity as loadStoredIdentity,
  refreshProfileAnchors,
  updateProfile,
} from './identity-service.ts'
import { acceptThread, ignoreThread, listThreads, markThreadRead, messageTarget } from './messages.ts'
import { blockedIds, hiddenAuthors, isBlocked, mutedIds, setModeration } from './moderation.ts'
import { changeOf } from './network/index.ts'
import type { Libp2pFactory, NetworkRuntime, NetworkTimings } from './network-runtime.ts'
import type { BootstrapConfig, NodeContext } from './node-context.ts'
import { requireIdentity } from './node-context.ts'
import { redundancySummary, withRedundancy } from './node-replicas.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { notificationSettings, setNotificationSettings } from './notification-settings.ts'
import { followTarget, listPeople, personView } from './people.ts'
import { toPostView } from './post-view.ts'
import { deleteOwnPost, IMAGE_MIME, publishPost, readBlob } from './posting.ts'
import {
  listProfileTiers,
  orderTiers,
  renameTier,
  resealAfterGroupChange,
  resealProfileVersions,
  setTierProfile,
} from './private-profiles.ts'
import { avatarOf, postsByAuthor } from './profile-page.ts'
import { replicaSettings, setReplicaSettings } from './replica-settings.ts'
import { postThread, replyNotify, withReplyCounts } from './replies.ts'
import { circlePostIds, circleViews, postAudience, type RevocationHooks, revokeAccess } from './revocation.ts'
import { search } from './search.ts'

/** How long after a stranger's first message their profile is asked for (batches a burst). */
const STRANGER_PULL_DELAY_MS = 300

/** The platform's part: storage, network factory, events and persistence. */
export interface NodeServiceDeps {
  store: Store
  clock: Clock
  logger: Logger
  bootstrap: BootstrapConfig
  emit: NodeContext['emit']
  /** The device key that wraps the identity seed (worker: WebCrypto + IndexedDB). */
  secrets: NodeContext['secrets']
  /** Builds libp2p for the identity key; absent = offline node (tests, no network). */
  createLibp2p?: Libp2pFactory
  host: NodeStatus['host']
  persistence: { persisted(): Promise<boolean>; persist(): Promise<boolean> }
  networkTimings?: NetworkTimings
  /**
   * Resolves when the network may start loading (the worker: once the first feed page is answered,
   * issue 12): evaluating libp2p's code would otherwise hold up that page. Absent: at once.
   */
  networkGate?: () => Promise<void>
  /** scrypt cost of identity exports (tests lower it). */
  exportCost?: ExportCost
}

/** A handler per RPC method, params already shape-checked. */
export type NodeHandlers = { [M in RpcMethod]: (params: RpcParams<M>) => Promise<RpcResult<M>> }

/** The running application. */
export interface NodeService {
  readonly handlers: NodeHandlers
  readonly context: NodeContext
  /** The network side, once the identity exists and the network started. */
  network(): NetworkRuntime | undefined
  /**
   * Loads the stored identity, once (also done by `start`). After it the stored feed can be read
   * (`feed.page`), before the network and the "ready" status (issue 12: the first page early).
   */
  loadIdentity(): Promise<void>
  /** Loads the identity; if there is one, starts the network in the background (not awaited). */
  start(): Promise<void>
  stop(): Promise<void>
  status(): Promise<NodeStatus>
}

/** Builds the node service; call `start()` next. */
export function createNodeService(deps: NodeServiceDeps): NodeService {
  const ctx: NodeContext = {
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    bootstrap: deps.bootstrap,
    emit: (event) => {
      deps.emit(event)
      // a group's members or epoch moved: its tier's private profile is sealed again (issue 14)
      if (event.type === 'groups.changed') void resealAfterGroupChange(ctx, (s) => announceProfile(s))
    },
    secrets: deps.secrets,
    identity: undefined,
  }
  let net: NetworkRuntime | undefined

  const status = async (): Promise<NodeStatus> => {
    const persisted = await deps.persistence.persisted().catch(() => false)
    const self = ctx.identity?.nodeId
    const s: NodeStatus = {
      phase: self === undefined ? 'needs-setup' : 'ready',
      storage_persisted: persisted,
      connections: net?.connectedIds().size ?? 0,
      host: deps.host,
    }
    if (self !== undefined) {
      s.node_id = self
      const name = ctx.store.getProfile(self)?.record.display_name
      if (name !== undefined) s.display_name = name
    }
    return s
  }
  const announceStatus = async (): Promise<NodeStatus> => {
    const s = await status()
    ctx.emit({ type: 'status', status: s })
    return s
  }
  let netStarting: Promise<void> | undefined
  const startNetworkIfReady = (): Promise<void> => {
    if (netStarting !== undefined || ctx.identity === undefined || deps.createLibp2p === undefined) {
      return netStarting ?? Promise.resolve()
    }
    const createLibp2p = deps.createLibp2p
    let pullPending = false
    const onStranger = (): void => {
      // One pull shortly after a burst of messages from strangers asks for their profiles.
      if (pullPending) return
      pullPending = true
      after(STRANGER_PULL_DELAY_MS, () => {
        pullPending = false
        void net?.syncNow().catch(() => {})
      })
    }
    netStarting = (async () => {
      await deps.networkGate?.()
      // Loaded on demand: libp2p is most of the worker's code and not needed for the first page.
      const { startNetwork } = await import('./network-runtime.ts')
      net = await startNetwork(ctx, createLibp2p, nodeSyncDeps(ctx, { onStranger }), deps.networkTimings)
      ctx.emit({ type: 'network.changed', connections: net.connectedIds().size })
    })()
    netStarting.catch(() => {
      netStarting = undefined
    })
    return netStarting
  }
  const announce = async (post: SignedPost): Promise<void> => {
    const notify = replyNotify(ctx, post)
    const change = changeOf(post, post.post.created_at, groupMembersOf(ctx, post))
    await net?.announce(notify.length === 0 ? change : { ...change, notify })
  }
  const revocationHooks: RevocationHooks = {
    announcePost: announce,
    // The delete of an encrypted post goes by notice to its old recipients, never on the public topic.
    announceDelete: async (request, deleted) => {
      await net?.announce(changeOf(deleted, request.record.created_at))
    },
    // A newer header is private activity too: by notice, with the header's time (isNews).
    announceVisibility: async (post) => {
      await net?.announce(changeOf(post, post.visibility_updated_at))
    },
    onProgress: (done, total) => ctx.emit({ type: 'revocation.progress', done, total }),
  }
  // Group records travel by group sync (app/network/group-sync.ts): members are told by notice.
  const groupChanged: GroupNetworkHooks['groupChanged'] = (group, extra) => {
    void net?.groupChanged(group, extra).catch(() => {})
  }
  const connected = (): Set<string> => net?.connectedIds() ?? new Set()
  let identityLoading: Promise<void> | undefined
  const loadIdentityOnce = (): Promise<void> => {
    identityLoading ??= loadStoredIdentity(ctx).then((identity) => {
      ctx.identity = identity
    })
    return identityLoading
  }
  const anchorsChanged = async () => {
    await refreshProfileAnchors(ctx)
    ctx.emit({ type: 'anchors.changed' })
    void net?.syncNow()
    return listAnchors(ctx, connected())
  }
  const self = () => requireIdentity(ctx).nodeId
  /**
   * Dials a new contact's anchors, pulls, then reaches the contact, without holding up the answer:
   * the pull from the anchors goes first, so a burst of follows does not queue it behind a locate
   * per contact (issue 12); a contact reached directly is pulled when identify completes.
   */
  const reachInBackground = (target: { nodeId: NodeId; anchors: readonly string[] }): void => {
    const runtime = net
    if (runtime === undefined) return
    void (async () => {
      await runtime.dialAnchors([...target.anchors])
      await runtime.syncNow()
      await runtime.reach(target.nodeId).catch(() => {})
    })().catch(() => {})
  }

  /** Tells followers a new profile generation is out (they pull it, and their private version). */
  const announceProfile = (signed: Signed<Profile> | undefined): void => {
    if (signed === undefined) return
    void net?.announce({ id: toHex(blake3(encodeCanonical(signed))), created_at: signed.record.updated_at })
  }

  const handlers: NodeHandlers = {
    'node.status': () => status(),
    'node.requestPersistence': async () => ({
      persisted: await deps.persistence.persist().catch(() => false),
    }),

    'identity.create': async (p) => {
      await createIdentity(ctx, { display_name: p.display_name, bio: p.bio })
      await startNetworkIfReady()
      return announceStatus()
    },
    'identity.export': async (p) => ({ file: await exportIdentityFile(ctx, p.passphrase, deps.exportCost) }),
    'identity.import': async (p) => {
      await importIdentityFile(ctx, p.file, p.passphrase)
      await startNetworkIfReady()
      return announceStatus()
    },
    'data.export': async () => ({ file: exportData(ctx) }),
    'data.import': async (p) => ({ posts: await importData(ctx, p.file) }),

    'profile.get': async (p) => {
      const id = p.node_id ?? ctx.identity?.nodeId
      return id === undefined ? null : personView(ctx, id)
    },
    'profile.update': async (p) => {
      let avatar: string | null | undefined
      if (p.avatar === null) avatar = null
      else if (p.avatar !== undefined) {
        if (!IMAGE_MIME.has(p.avatar.mime)) throw new ValidationError('the avatar must be an image')
        avatar = blobIdOf(p.avatar.bytes)
        ctx.store.putBlob(avatar as never, p.avatar.bytes, p.avatar.mime, null)
      }
      const signed = await updateProfile(ctx, {
        display_name: p.display_name,
        bio: p.bio,
        ...(avatar === undefined ? {} : { avatar: avatar as never }),
        ...(p.anchors === undefined ? {} : { anchors: p.anchors }),
      })
      await resealProfileVersions(ctx, signed)
      ctx.emit({ type: 'profile.updated', person: personView(ctx, self()) })
      void announceStatus()
      announceProfile(signed)
      return signed.record
    },
    'profile.connectString': async () => {
      const me = self()
      return { connect: formatConnectString(me, ctx.store.getProfile(me)?.record.anchors ?? []) }
    },

    'post.create': (p) =>
      publishPost(
        ctx,
        {
          content: p.content,
          intent: p.intent,
          attachments: p.attachments,
          ...(p.reply_to ? { reply_to: p.reply_to } : {}),
        },
        announce,
      ),
    'post.delete': async (p) => {
      const removed = await deleteOwnPost(ctx, p.id)
      await net?.announce(changeOf(removed, ctx.clock.now()))
      return { deleted: true }
    },
    'post.thread': async (p) => postThread(ctx, p.id),
    'post.audience': async (p) => ({ recipients: await postAudience(ctx, p.id) }),
    'post.removeRecipients': (p) => revokeAccess(ctx, [p.id], p.remove, p.mode, revocationHooks),
    'feed.page': async (p) => {
      const me = self()
      const q = p.query
      const page = {
        limit: p.limit,
        ...(p.before === undefined ? {} : { before: p.before }),
        hide: q.type === 'thread' ? blockedIds(ctx) : hiddenAuthors(ctx),
      }
      if (q.type === 'thread' && isBlocked(ctx, q.peer)) return { posts: [] }
      const rows =
        q.type === 'home'
          ? homeFeed(ctx.store, { ...page, self: me })
          : q.type === 'mine'
            ? myPosts(ctx.store, { ...page, self: me })
            : q.type === 'custom'
              ? customFeed(ctx.store, { ...page, filter: q.feed })
              : dmThread(ctx.store, { ...page, peer: q.peer })
      const views = rows.rows.map((r) => toPostView(r, requireIdentity(ctx), r.author_name, ctx.store))
      const result = { posts: markPinned(ctx, withRedundancy(ctx, withReplyCounts(ctx, views))) }
      return rows.next === undefined ? result : { ...result, next: rows.next }
    },
    'blob.get': (p) => readBlob(ctx, p.id, p.post),

    'search.query': async (p) => search(ctx, p.text, p.limit),
    'feeds.list': async () => ctx.store.listCustomFeeds(),
    'feeds.save': async (p) => {
      ctx.store.saveCustomFeed(p.feed)
      return p.feed
    },
    'feeds.delete': async (p) => {
      ctx.store.deleteCustomFeed(p.id)
      return { deleted: true }
    },

    'follow.add': async (p) => {
      const target = followTarget(ctx, p.target)
      reachInBackground(target)
      return personView(ctx, target.nodeId)
    },
    'follow.remove': async (p) => {
      ctx.store.unfollow(p.node_id)
      ctx.emit({ type: 'people.changed' })
      return { removed: true }
    },
    'people.list': async (p) => listPeople(ctx, p.filter),
    'people.moderate': async (p) => {
      setModeration(ctx, p.node_id, p.level)
      return personView(ctx, p.node_id)
    },
    'people.moderated': async () => [...blockedIds(ctx), ...mutedIds(ctx)].map((id) => personView(ctx, id)),
    'settings.notifications.get': async () => notificationSettings(ctx),
    'settings.notifications.set': async (p) => setNotificationSettings(ctx, p),
    'profile.avatar': async (p) => avatarOf(ctx, p.node_id),
    'post.byAuthor': async (p) => {
      const rows = postsByAuthor(ctx, p.author, p)
      const readable = rows.rows
        .map((r) => toPostView(r, requireIdentity(ctx), r.author_name, ctx.store))
        .filter((v) => v.content !== null)
      const posts = markPinned(ctx, withRedundancy(ctx, withReplyCounts(ctx, readable)))
      return rows.next === undefined ? { posts } : { posts, next: rows.next }
    },

    'profile.tiers': async () => listProfileTiers(ctx),
    'profile.setTier': async (p) => {
      const ref = 'group' in p ? { group: p.group } : { circle: p.circle }
      announceProfile(await setTierProfile(ctx, ref, p.fields))
      return listProfileTiers(ctx)
    },
    'profile.orderTiers': async (p) => {
      const refs = 'tiers' in p ? p.tiers : p.circles.map((circle) => ({ circle }))
      announceProfile(await orderTiers(ctx, refs))
      return listProfileTiers(ctx)
    },
    'circles.list': async () => circleViews(ctx),
    'circles.create': async (p) => {
      ctx.store.createCircle(p.name, p.members)
      ctx.emit({ type: 'circles.changed' })
      return { name: p.name.trim(), members: ctx.store.circleMembers(p.name.trim()) }
    },
    'circles.rename': async (p) => {
      ctx.store.renameCircle(p.name, p.new_name)
      renameTier(ctx, p.name, p.new_name)
      ctx.emit({ type: 'circles.changed' })
      return { name: p.new_name.trim(), members: ctx.store.circleMembers(p.new_name.trim()) }
    },
    'circles.delete': async (p) => {
      ctx.store.deleteCircle(p.name)
      renameTier(ctx, p.name, null)
      announceProfile(await resealProfileVersions(ctx))
      ctx.emit({ type: 'circles.changed' })
      return { deleted: true }
    },
    'circles.addMember': async (p) => {
      ctx.store.addMember(p.name, p.member)
      announceProfile(await resealProfileVersions(ctx))
      ctx.emit({ type: 'circles.changed' })
      return { name: p.name, members: ctx.store.circleMembers(p.name) }
    },
    'circles.removeMember': async (p) => {
      const past = p.past ?? 'leave'
      const posts = past === 'leave' ? [] : circlePostIds(ctx, p.name)
      ctx.store.removeMember(p.name, p.member)
      announceProfile(await resealProfileVersions(ctx))
      ctx.emit({ type: 'circles.changed' })
      const view = { name: p.name, members: ctx.store.circleMembers(p.name) }
      if (past === 'leave') return view
      return { ...view, revocation: await revokeAccess(ctx, posts, [p.member], past, revocationHooks) }
    },

    ...groupHandlers(ctx, {
      groupChanged: (group, extra) => groupChanged(group, extra),
      revocation: revocationHooks,
    }),

    'messages.threads': async () => listThreads(ctx),
    'messages.send': async (p) => {
      const target = messageTarget(ctx, p.to)
      const known = ctx.store.isFollowing(target.nodeId) || net?.connectedIds().has(target.nodeId) === true
      const sent = await publishPost(
        ctx,
        {
          content: p.content,
          intent: { type: 'direct', recipients: [target.nodeId] },
          attachments: [],
          kind: 'dm',
        },
        announce,
      )
      if (!known) reachInBackground(target)
      return sent
    },
    'messages.accept': async (p) => {
      acceptThread(ctx, p.peer)
      reachInBackground({ nodeId: p.peer, anchors: [] })
      return personView(ctx, p.peer)
    },
    'messages.ignore': async (p) => {
      ignoreThread(ctx, p.peer)
      return { ignored: true }
    },
    'messages.markRead': async (p) => {
      markThreadRead(ctx, p.peer)
      return { read: true }
    },

    'anchors.list': async () => listAnchors(ctx, connected()),
    'anchors.add': async (p) => {
      addAnchor(ctx, p.addr)
      return anchorsChanged()
    },
    'anchors.remove': async (p) => {
      removeAnchor(ctx, p.addr)
      return anchorsChanged()
    },
    'anchors.setDefaultEnabled': async (p) => {
      setDefaultAnchorEnabled(ctx, p.enabled)
      return anchorsChanged()
    },
    'anchors.setEnabled': async (p) => {
      setAnchorEnabled(ctx, p.addr, p.enabled)
      return anchorsChanged()
    },

    'network.connections': async () => net?.connections() ?? [],
    'network.diagnostics': async () => ({
      node_id: ctx.identity?.nodeId ?? null,
      listen: net?.libp2p.getMultiaddrs().map((m) => m.toString()) ?? [],
      connections: net?.connections() ?? [],
      anchors: listAnchors(ctx, connected()),
      stored_posts: ctx.store.countPosts(),
      known_peers: ctx.store.listPeers().length,
      protocols: net?.libp2p.getProtocols() ?? [],
    }),
    'sync.now': async () => {
      // A sync asked for while the network is still starting waits for it rather than failing.
      await netStarting?.catch(() => {})
      if (net === undefined) throw new NotFoundError('the network is not running')
      return { peers: await net.syncNow() }
    },
    'replicas.summary': async () => redundancySummary(ctx),

    'hosting.status': () => hostingStatus(ctx),
    'post.pin': async (p) => ({ pinned: pin(ctx, p.id, p.mode) }),
    'post.unpin': async (p) => ({ unpinned: unpin(ctx, p.id) }),
    'settings.replicas.get': async () => replicaSettings(ctx),
    'settings.replicas.set': async (p) => setReplicaSettings(ctx, p),
  }

  return {
    handlers,
    context: ctx,
    network: () => net,
    loadIdentity: loadIdentityOnce,
    async start() {
      await loadIdentityOnce()
      // The stored feed answers before the network is up (issue 12: first page ≤ 1 s).
      startNetworkIfReady().catch((err: unknown) => {
        ctx.logger.warn('network:start-failed', { error: errorName(err) })
      })
      await announceStatus()
    },
    async stop() {
      await netStarting?.catch(() => {})
      await net?.stop()
      net = undefined
      netStarting = undefined
    },
    status,
  }
}
