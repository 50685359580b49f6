/**
 * The typed RPC contract between tabs and the worker (docs/design.md §1–§2). Each method maps its params to
 * its result; the worker validates params at the boundary and answers with a typed error.
 */
import type { ErrorData } from '../errors.ts'
import type { BlobId, GroupId, GroupRole, NodeId, PostId, Profile, VisibilityIntent } from '../model/index.ts'
import type {
  AnchorView,
  CircleView,
  ConnectionView,
  CustomFeed,
  FeedCursor,
  FeedPage,
  FeedQuery,
  GroupView,
  HostingView,
  NodeStatus,
  NotificationSettings,
  PastPostsChoice,
  PersonView,
  PostThreadView,
  PostView,
  ProfileTierRef,
  ProfileTierView,
  RedundancySummary,
  ReplicaSettings,
  RevocationView,
  RevokeMode,
  SearchResults,
  SyncProgress,
  ThreadView,
} from './views.ts'

/** An attachment as the composer hands it over: bytes already downscaled to ≤ 256 KiB. */
export interface NewAttachment {
  bytes: Uint8Array
  mime: string
}

/** Every request a tab may make, with its params and result. */
export interface RpcMethods {
  'node.status': { params: Record<string, never>; result: NodeStatus }
  'node.requestPersistence': { params: Record<string, never>; result: { persisted: boolean } }

  'identity.create': { params: { display_name: string; bio: string }; result: NodeStatus }
  'identity.export': { params: { passphrase: string }; result: { file: Uint8Array } }
  'identity.import': { params: { file: Uint8Array; passphrase: string }; result: NodeStatus }
  'data.export': { params: Record<string, never>; result: { file: Uint8Array } }
  'data.import': { params: { file: Uint8Array }; result: { posts: number } }

  'profile.get': { params: { node_id?: NodeId }; result: PersonView | null }
  'profile.update': {
    params: { display_name: string; bio: string; avatar?: NewAttachment | null; anchors?: string[] }
    result: Profile
  }
  /** The user's connect string: NodeId plus their anchors (issue 5, People). */
  'profile.connectString': { params: Record<string, never>; result: { connect: string } }

  'post.create': {
    params: { content: string; intent: VisibilityIntent; attachments: NewAttachment[]; reply_to?: PostId }
    result: PostView
  }
  'post.delete': { params: { id: PostId }; result: { deleted: true } }
  /** Who can see one of the user's encrypted posts (real recipients, the user first). */
  'post.audience': { params: { id: PostId }; result: { recipients: NodeId[] } }
  /** Removes people from one of the user's encrypted posts (seed D-2). */
  'post.removeRecipients': {
    params: { id: PostId; remove: NodeId[]; mode: RevokeMode }
    result: RevocationView
  }
  /** The thread a post belongs to, from its first held ancestor (issue 16). */
  'post.thread': { params: { id: PostId }; result: PostThreadView }
  'feed.page': { params: { query: FeedQuery; before?: FeedCursor; limit: number }; result: FeedPage }
  'blob.get': { params: { id: BlobId; post: PostId }; result: { bytes: Uint8Array; mime: string } }

  /** One search over posts held (full text), people known by name and direct messages. */
  'search.query': { params: { text: string; limit: number }; result: SearchResults }

  'feeds.list': { params: Record<string, never>; result: CustomFeed[] }
  'feeds.save': { params: { feed: CustomFeed }; result: CustomFeed }
  'feeds.delete': { params: { id: string }; result: { deleted: true } }

  /** Accepts a bare NodeId or a connect string. */
  'follow.add': { params: { target: string }; result: PersonView }
  'follow.remove': { params: { node_id: NodeId }; result: { removed: true } }
  'people.list': { params: { filter: 'follows' | 'suggested' | 'all' }; result: PersonView[] }
  /** Mutes, blocks or clears someone (local and private, issue 16). */
  'people.moderate': { params: { node_id: NodeId; level: 'none' | 'muted' | 'blocked' }; result: PersonView }
  /** Everyone muted or blocked, for Settings. */
  'people.moderated': { params: Record<string, never>; result: PersonView[] }

  'circles.list': { params: Record<string, never>; result: CircleView[] }
  'circles.create': { params: { name: string; members: NodeId[] }; result: CircleView }
  'circles.rename': { params: { name: string; new_name: string }; result: CircleView }
  'circles.delete': { params: { name: string }; result: { deleted: true } }
  'circles.addMember': { params: { name: string; member: NodeId }; result: CircleView }
  /** `past` (default 'leave') decides what happens to the circle's past posts (seed D-2). */
  'circles.removeMember': {
    params: { name: string; member: NodeId; past?: PastPostsChoice }
    result: CircleView & { revocation?: RevocationView }
  }
  // Private profiles per circle (issue 14, seed D-4)
  /** The circles as privilege tiers, most privileged first, with what each one's members see. */
  'profile.tiers': { params: Record<string, never>; result: ProfileTierView[] }
  /** Sets (fields null: clears) what the members of a circle or group see instead of the public profile. */
  'profile.setTier': {
    params: ProfileTierRef & { fields: { display_name: string; bio: string } | null }
    result: ProfileTierView[]
  }
  /** Orders the circles (by name) or circles and groups (`tiers`) by privilege, most first. */
  'profile.orderTiers': {
    params: { circles: string[] } | { tiers: ProfileTierRef[] }
    result: ProfileTierView[]
  }

  // Groups (issue 14; docs/design.md "Groups"). `id` is a GroupId; members by NodeId.
  'groups.create': { params: { name: string }; result: GroupView }
  /** Groups the user is in and invitations (accepted: false). */
  'groups.list': { params: Record<string, never>; result: GroupView[] }
  'groups.get': { params: { id: GroupId }; result: GroupView }
  /** `target` is a NodeId or a connect string; `role` defaults to poster. */
  'groups.invite': { params: { id: GroupId; target: string; role?: GroupRole }; result: GroupView }
  'groups.acceptInvite': { params: { id: GroupId }; result: GroupView }
  'groups.setRole': { params: { id: GroupId; member: NodeId; role: GroupRole }; result: GroupView }
  /** Starts a new epoch for the rest; `past` (default 'leave') decides the user's own past posts in the group. */
  'groups.removeMember': {
    params: { id: GroupId; member: NodeId; past?: PastPostsChoice }
    result: GroupView & { revocation?: RevocationView }
  }
  'groups.leave': { params: { id: GroupId }; result: GroupView }
  /** The group's posts held, newest first (post with intent `{ type: 'group', id }`). */
  'groups.feed': { params: { id: GroupId; limit: number }; result: FeedPage }
  /** A Moderator's or Admin's delete of someone's post in the group. */
  'groups.deletePost': { params: { id: GroupId; post: PostId }; result: { deleted: true } }

  'messages.threads': { params: Record<string, never>; result: ThreadView[] }
  /** `to` is a NodeId or a connect string (its anchors are remembered for reaching them). */
  'messages.send': { params: { to: string; content: string }; result: PostView }
  /** Moves a request to the inbox and follows the sender. */
  'messages.accept': { params: { peer: NodeId }; result: PersonView }
  'messages.ignore': { params: { peer: NodeId }; result: { ignored: true } }
  'messages.markRead': { params: { peer: NodeId }; result: { read: true } }

  'anchors.list': { params: Record<string, never>; result: AnchorView[] }
  'anchors.add': { params: { addr: string }; result: AnchorView[] }
  'anchors.remove': { params: { addr: string }; result: AnchorView[] }
  'anchors.setDefaultEnabled': { params: { enabled: boolean }; result: AnchorView[] }
  /** Turns a bootstrap.json or default anchor on or off (they cannot be removed). */
  'anchors.setEnabled': { params: { addr: string; enabled: boolean }; result: AnchorView[] }

  'network.connections': { params: Record<string, never>; result: ConnectionView[] }
  'network.diagnostics': { params: Record<string, never>; result: Record<string, unknown> }
  'sync.now': { params: Record<string, never>; result: { peers: number } }
  /** Issue 15: own posts and how many have low redundancy (the Settings line). */
  'replicas.summary': { params: Record<string, never>; result: RedundancySummary }

  /** Hosting for others and pins (issue 15): the 3× quota figures in bytes, and every pin. */
  'hosting.status': { params: Record<string, never>; result: HostingView }
  /** Pins a held post of someone else: `anchor` serves the original, `fork` keeps an own copy. */
  'post.pin': { params: { id: PostId; mode: 'anchor' | 'fork' }; result: { pinned: 'anchor' | 'fork' } }
  'post.unpin': { params: { id: PostId }; result: { unpinned: boolean } }
  /** Replica settings (issue 15): redundancy target, holder timeout, restoration interval; `set` merges. */
  'settings.replicas.get': { params: Record<string, never>; result: ReplicaSettings }
  'settings.replicas.set': { params: Partial<ReplicaSettings>; result: ReplicaSettings }

  /** Notification kinds turned on (issue 16); the tabs decide and show them. */
  'settings.notifications.get': { params: Record<string, never>; result: NotificationSettings }
  'settings.notifications.set': { params: NotificationSettings; result: NotificationSettings }

  // Profile pages (issue 16)
  /** Someone's avatar image (sniffed to be an image), or null while there is none to show. */
  'profile.avatar': {
    params: { node_id: NodeId }
    result: { blob: BlobId; bytes: Uint8Array; mime: string } | null
  }
  /** Someone's posts held here that this node can read, newest first (their profile page). */
  'post.byAuthor': { params: { author: NodeId; before?: FeedCursor; limit: number }; result: FeedPage }
}

export type RpcMethod = keyof RpcMethods
export type RpcParams<M extends RpcMethod> = RpcMethods[M]['params']
export type RpcResult<M extends RpcMethod> = RpcMethods[M]['result']

/** Events the worker pushes to every tab so all of them update live. */
export type NodeEvent =
  | { type: 'status'; status: NodeStatus }
  | { type: 'post.added'; post: PostView }
  /** Posts stored together by one sync step, newest first: one event per batch (issue 12). */
  | { type: 'posts.added'; posts: PostView[] }
  | { type: 'post.removed'; id: PostId }
  | { type: 'profile.updated'; person: PersonView }
  | { type: 'people.changed' }
  /** Someone was muted, blocked or cleared: feeds and Messages filter again. */
  | { type: 'moderation.changed' }
  | { type: 'circles.changed' }
  /** A group record was applied (ours or a peer's). */
  | { type: 'groups.changed' }
  | { type: 'anchors.changed' }
  | { type: 'messages.changed' }
  | { type: 'network.changed'; connections: number }
  | { type: 'sync.progress'; progress: SyncProgress }
  /** A revocation over many posts: `done` of `total`. */
  | { type: 'revocation.progress'; done: number; total: number }
  /** Hosting figures or pins changed (issue 15): Settings reads `hosting.status` again. */
  | { type: 'hosting.changed' }
  /** Own posts' redundancy changed (a holder came or went, a copy was restored): views read it again. */
  | { type: 'replicas.changed' }

/** Frames on the tab ↔ worker MessagePort. */
export type RpcFrame =
  | { type: 'request'; id: number; method: RpcMethod; params: unknown }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ErrorData }
  | { type: 'event'; event: NodeEvent }

/**
 * Port housekeeping next to `RpcFrame` (a MessagePort has no close event): a tab sends `ping`
 * now and then and `bye` on `pagehide`, so the worker stops broadcasting to a closed tab.
 */
export type PortControlFrame =
  | { type: 'ping' }
  | { type: 'bye' }
  /** The tab offers to host WebRTC for the worker; the transferred port carries it (docs/design.md §1). */
  | { type: 'rtc-host'; name: string }
  /** The tab started a verifier thread for the node; the transferred port reaches it (src/worker/verify). */
  | { type: 'verifier' }
