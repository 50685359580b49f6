/**
 * What the worker shows a tab: plain, structured-clone-safe view objects. No keys, no ciphertext.
 */

import type { GroupAction } from '../groups/index.ts'
import type {
  BlobId,
  FoundVia,
  GroupId,
  GroupRole,
  Millis,
  NodeId,
  PostId,
  VisibilityIntent,
} from '../model/index.ts'

/** How a post's audience is shown on its card (seed Phase E badges). */
export type AudienceView =
  | { type: 'public' }
  | { type: 'friends' }
  | { type: 'circle'; name: string }
  | { type: 'direct'; recipients: NodeId[] }
  /** Encrypted, and this node cannot tell more than the count. */
  | { type: 'encrypted'; recipients: number }
  /**
   * A group post (issue 14). `name` is the group's name as this node's own group state holds it
   * (never from the post); absent when the viewer no longer holds the group (removed, left).
   */
  | { type: 'group'; id: GroupId; name?: string }

export interface AttachmentView {
  blob: BlobId
  mime: string
  size: number
}

/** A post ready to render; `content` is the decrypted text, `null` if this node cannot read it. */
export interface PostView {
  id: PostId
  author: NodeId
  author_name: string
  created_at: Millis
  content: string | null
  attachments: AttachmentView[]
  audience: AudienceView
  reply_to?: PostId
  is_own: boolean
  /** Own encrypted posts only: the circle's current name or "Friends" (never on the wire). */
  sent_to?: string
  /** Direct replies held (muted and blocked authors left out), issue 16. */
  reply_count?: number
  /** Own posts only: other devices seen holding it lately, against the target (issue 15; a badge, never a block). */
  redundancy?: RedundancyView
  /** How the user pinned this post, if they did (issue 15). */
  pinned?: 'anchor' | 'fork'
}

/** How many other devices hold a post (issue 15). */
export interface RedundancyView {
  live: number
  target: number
  /** Fewer live holders than the target: shown as a quiet "low redundancy" badge. */
  low: boolean
}

/** The Settings line on redundancy (issue 15): own posts, and how many have low redundancy. */
export interface RedundancySummary {
  own_posts: number
  low: number
  target: number
  /** A holder not seen for this long counts as gone. */
  drop_after_ms: number
}

/** A reply in a thread with the replies below it, flattened one level as most apps do (issue 16). */
export interface ThreadReplyView {
  post: PostView
  replies: PostView[]
}

/**
 * A post's thread (issue 16): the post it starts from, its replies in order, and how many replies
 * are held from people the viewer does not follow (shown as a count, not as text).
 */
export interface PostThreadView {
  root: PostView
  replies: ThreadReplyView[]
  hidden: number
}

/** A person this node knows of: a follow, a suggested peer or a DM partner. */
export interface PersonView {
  node_id: NodeId
  display_name: string
  bio: string
  avatar?: BlobId
  anchors: string[]
  following: boolean
  /** How far socially: follow, known from gossip (anchor-introduced), or stranger. */
  relation: 'self' | 'follow' | 'peer' | 'stranger'
  last_seen?: Millis
  /** Set when the user muted or blocked them (issue 16). */
  moderation?: 'muted' | 'blocked'
  /** Set when name and bio are the private version they sealed for this node (issue 14). */
  private_profile?: true
}

/** A privilege tier of the user's private profiles: a circle by name, or a group (issue 14, seed D-4). */
export type ProfileTierRef = { circle: string } | { group: GroupId }

/** A circle or group as a privilege tier of the user's private profiles (issue 14, seed D-4). */
export interface ProfileTierView {
  /** The circle's name, or the group's name when `group` is set. */
  circle: string
  /** Set when the tier is a group: its version is sealed for the group's current key. */
  group?: GroupId
  /** 0 = most privileged. */
  rank: number
  /** Members other than the user. */
  members: number
  /** Members who see this tier's version (those not in a more privileged circle or group). */
  sees: number
  /** What they see instead of the public profile; null: the public profile. */
  fields: { display_name: string; bio: string } | null
}

export interface CircleView {
  name: string
  members: NodeId[]
  /** How many of the user's own posts went to this circle (0 for a brand-new circle). */
  past_posts?: number
}

/** A saved local filter (docs/design.md §8 custom feeds). Every field narrows the feed; all optional. */
export interface CustomFeed {
  id: string
  name: string
  circle?: string
  authors?: NodeId[]
  text?: string
  with_media?: boolean
}

/** Which feed to page through. */
export type FeedQuery =
  | { type: 'home' }
  | { type: 'mine' }
  | { type: 'custom'; feed: Omit<CustomFeed, 'id' | 'name'> }
  | { type: 'thread'; peer: NodeId }

/** Opaque keyset cursor: the `(created_at, id)` of the last post on the previous page. */
export interface FeedCursor {
  created_at: Millis
  id: PostId
}

export interface FeedPage {
  posts: PostView[]
  next?: FeedCursor
}

/** A DM conversation; requests are threads with people the user does not follow (seed D-1). */
export interface ThreadView {
  peer: NodeId
  peer_name: string
  last_message_at: Millis
  last_preview: string
  unread: number
  is_request: boolean
}

/** How this node reaches a peer right now (issue 4: direct WebRTC, relayed, anchor WebSocket). */
export type ConnectionPath = 'webrtc' | 'relayed' | 'websocket' | 'other'

/**
 * Which ICE path a WebRTC connection got (issue 18): host candidates on both sides (`direct`),
 * a NAT crossed with a server-reflexive candidate from the anchor's STUN (`stun`), or a TURN relay.
 */
export type IceRoute = 'direct' | 'stun' | 'turn'

export interface ConnectionView {
  peer: NodeId
  path: ConnectionPath
  /** For `webrtc`: the selected candidate pair's kind, once the tab's WebRTC host reported it. */
  ice_route?: IceRoute
  remote_addr: string
  /** Which step of the discovery cascade found this peer (docs/design.md §6). */
  found_via?: FoundVia
  is_anchor: boolean
}

export interface AnchorView {
  addr: string
  node_id?: NodeId
  /** Who put it in the list: the user (removable), bootstrap.json or the built-in default (only disabled). */
  source: 'custom' | 'bootstrap' | 'default'
  is_default: boolean
  enabled: boolean
  connected: boolean
}

/** The node's state as a tab needs it on start and after every change. */
export interface NodeStatus {
  phase: 'starting' | 'needs-setup' | 'ready' | 'failed'
  node_id?: NodeId
  display_name?: string
  /** `navigator.storage.persisted()` (docs/design.md §7). */
  storage_persisted: boolean
  connections: number
  error?: string
  /**
   * A storage problem found and recovered from while opening (e.g. a corrupt snapshot rebuilt
   * from the write-ahead log, docs/design.md §7), as `CorruptStorageError: …`; absent when all was well.
   */
  storage_warning?: string
  /** Where the worker runs (issue 4 fallback). */
  host: 'shared-worker' | 'dedicated-worker'
}

/**
 * How to take back access to past posts (seed D-2): `access-list` re-wraps the same key for the
 * remaining recipients (cheap; enough if the removed person never synced them); `re-encrypt` makes a
 * new version and deletes the old one (heavy; for posts they may already hold).
 */
export type RevokeMode = 'access-list' | 're-encrypt'

/** What removing a circle member does to the circle's past posts: nothing, or a revocation. */
export type PastPostsChoice = 'leave' | RevokeMode

/** A group as the tabs see it (issue 14). */
export interface GroupView {
  id: GroupId
  name: string
  creator: NodeId
  /** The current key epoch (a removal starts the next). */
  epoch: number
  /** The user's role; null once they left or were removed. */
  my_role: GroupRole | null
  /** False while the group is an invitation the user has not accepted. */
  accepted: boolean
  /** Someone left and no one has rekeyed yet (a Moderator or Admin does on their next visit). */
  needs_rekey: boolean
  /**
   * `removable`: the user's role outranks theirs (core/groups roles.ts `outranksFor`); `joined`:
   * their signed accept is in the log held, or they were held from before accepts, signed a record
   * of the log or a post in it held (false while they are only invited; groups.md).
   */
  members: { node_id: NodeId; role: GroupRole; name: string; removable: boolean; joined: boolean }[]
  /** What the user's role lets them do (core/groups roles.ts), so the tabs offer only what works. */
  can: GroupAction[]
  updated_at: Millis
  /** Set when the user was removed (the held log's signed `remove` naming them): by whom, when. */
  removed?: { by: NodeId; by_name: string; at: Millis }
}

export type { GroupAction }

/** Outcome of a revocation. */
export interface RevocationView {
  /** Ids now current (re-encrypt gives new ids). */
  changed: PostId[]
  unchanged: number
}

export interface SyncProgress {
  peer: NodeId
  received: number
  total: number
  done: boolean
}

export type { VisibilityIntent }

/** A piece of a search result's text; `hit` marks the words that matched (rendered as marks). */
export interface TextPart {
  text: string
  hit: boolean
}

/** What one search box finds (issue 16): posts held, people known by name, direct messages. */
export interface SearchResults {
  posts: { post: PostView; snippet: TextPart[] }[]
  people: PersonView[]
  messages: { peer: NodeId; peer_name: string; post: PostView; snippet: TextPart[] }[]
}

/** A pinned post in Settings (issue 15): anchor pin (serve the original) or fork pin (own copy). */
export interface PinView {
  post_id: PostId
  author: NodeId
  author_name: string
  mode: 'anchor' | 'fork'
  pinned_at: Millis
  created_at: Millis
  bytes: number
  /** False when only the fork copy is left (the author deleted the original). */
  original_held: boolean
  /** A fork copy whose original the author deleted: the user's copy, to open (its images via `blob.get`). */
  copy?: PostView
}

/** Hosting figures in bytes (docs/design.md §12): what others hold for us vs what we hold for others. */
export interface HostingView {
  /** Own content others hold for us (bytes × holders, from the replica map). */
  asked: number
  /** Others' content we host (counts against the quota). */
  hosted: number
  hosted_posts: number
  /** max(3 × asked, starter). */
  quota: number
  starter: number
  /** Bytes we would still accept now. */
  spare: number
  /** Pinned bytes (outside the quota). */
  pinned: number
  pins: PinView[]
}

/** Which notifications the user wants while the app is in the background (issue 16). */
export interface NotificationSettings {
  /** New direct messages and message requests. */
  messages: boolean
  /** Replies to the user's own posts. */
  replies: boolean
}

/**
 * The node's replica settings (issue 15, docs/design.md §13): the live holders a post should have,
 * how long a holder may go unseen before it counts as gone, and how often the node restores.
 */
export interface ReplicaSettings {
  target: number
  holder_timeout_ms: number
  restore_every_ms: number
}
