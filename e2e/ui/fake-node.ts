/**
 * An in-page fake of the node for UI tests and screenshots (never shipped): implements the
 * `RpcClient` shape over in-memory data and emits `NodeEvent`s like the worker does. It validates
 * the way the node does where the tests exercise bad input (long posts, duplicate circles,
 * malformed follow targets), answering with the same named errors.
 */
import type {
  AnchorView,
  CircleView,
  CustomFeed,
  FeedQuery,
  NodeEvent,
  NodeStatus,
  PersonView,
  PostView,
  RpcMethod,
  RpcParams,
  RpcResult,
  ThreadView,
} from '../../src/core/api/index.ts'
import {
  DuplicateError,
  InvalidNodeIdError,
  NotFoundError,
  TooLargeError,
  ValidationError,
  WrongPassphraseError,
} from '../../src/core/errors.ts'
import { type BlobId, LIMITS, type NodeId, type PostId } from '../../src/core/model/types.ts'
import type { RpcClient } from '../../src/ui/state/node-client.ts'
import { fakeHexId, fakePeople, fakePosts } from './fake-data.ts'

/** How the harness page starts the fake. */
export interface FakeNodeOptions {
  needsSetup?: boolean
  posts?: number
  empty?: boolean
  /** Milliseconds each call waits, to see loading states. */
  latency?: number
}

type Handlers = { [M in RpcMethod]: (params: RpcParams<M>) => RpcResult<M> | Promise<RpcResult<M>> }

/** The fake node; `calls` records every request for assertions. */
export class FakeNode implements RpcClient {
  readonly calls: { method: RpcMethod; params: unknown }[] = []
  status: NodeStatus
  people: PersonView[]
  posts: PostView[]
  circles: CircleView[] = []
  feeds: CustomFeed[] = []
  threads: ThreadView[] = []
  anchors: AnchorView[]
  blobs = new Map<string, { bytes: Uint8Array; mime: string }>()
  private listeners = new Set<(e: NodeEvent) => void>()
  private latency: number
  private seq = 0

  constructor(options: FakeNodeOptions = {}) {
    const now = Date.now()
    this.latency = options.latency ?? 0
    this.people = fakePeople()
    const self = this.people[0]!
    this.status = {
      phase: options.needsSetup ? 'needs-setup' : 'ready',
      node_id: self.node_id,
      display_name: self.display_name,
      storage_persisted: false,
      connections: 3,
      host: 'shared-worker',
    }
    const empty = options.empty === true
    if (empty) this.people = [self]
    this.posts = empty ? [] : fakePosts(options.posts ?? 40, this.people, now)
    if (!empty) {
      const follows = this.people.filter((p) => p.relation === 'follow')
      this.circles = [{ name: 'climbing', members: follows.slice(0, 2).map((p) => p.node_id) }]
      this.feeds = [{ id: 'f1', name: 'Bread', text: 'bread' }]
      this.threads = [
        {
          peer: follows[0]!.node_id,
          peer_name: follows[0]!.display_name,
          last_message_at: now - 3600_000,
          last_preview: 'See you at the crag?',
          unread: 2,
          is_request: false,
        },
        {
          peer: follows[1]!.node_id,
          peer_name: follows[1]!.display_name,
          last_message_at: now - 86400_000,
          last_preview: 'Thanks!',
          unread: 0,
          is_request: false,
        },
        {
          peer: this.people.at(-1)!.node_id,
          peer_name: 'Mallory',
          last_message_at: now - 7200_000,
          last_preview: 'hey, want free crypto?',
          unread: 1,
          is_request: true,
        },
      ]
    }
    this.anchors = [
      {
        addr: '/dns4/anchor.lisbon.example/tcp/443/wss/p2p/12D3KooWLisbon',
        source: 'custom',
        is_default: false,
        enabled: true,
        connected: true,
      },
      {
        addr: '/dns4/shareat.app/tcp/443/wss',
        source: 'default',
        is_default: true,
        enabled: true,
        connected: !empty,
      },
    ]
  }

  get self(): PersonView {
    return this.people[0]!
  }

  /** Pushes an event to every listener, as the worker does. */
  emit(e: NodeEvent): void {
    for (const l of this.listeners) l(e)
  }

  on(listener: (e: NodeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>> {
    this.calls.push({ method, params })
    if (this.latency > 0) await new Promise((r) => setTimeout(r, this.latency))
    const handler = this.handlers[method] as (p: RpcParams<M>) => RpcResult<M> | Promise<RpcResult<M>>
    // Structured clone, like postMessage: callers never share objects with the node.
    return structuredClone(await handler(params))
  }

  private person(id: NodeId): PersonView {
    const p = this.people.find((x) => x.node_id === id)
    if (p === undefined) throw new NotFoundError('no such person')
    return p
  }

  private circle(name: string): CircleView {
    const c = this.circles.find((x) => x.name === name)
    if (c === undefined) throw new NotFoundError(`no circle called ${name}`)
    return c
  }

  private matches(p: PostView, q: FeedQuery): boolean {
    if (q.type === 'mine') return p.is_own
    if (q.type === 'thread')
      return p.audience.type === 'direct' && (p.author === q.peer || p.audience.recipients.includes(q.peer))
    if (p.audience.type === 'direct') return false
    if (q.type === 'home') return true
    const f = q.feed
    if (f.text !== undefined && !(p.content ?? '').toLowerCase().includes(f.text.toLowerCase())) return false
    if (f.with_media === true && p.attachments.length === 0) return false
    if (f.circle !== undefined && !this.circle(f.circle).members.includes(p.author)) return false
    return true
  }

  private readonly handlers: Handlers = {
    'node.status': () => this.status,
    'node.requestPersistence': () => {
      this.status = { ...this.status, storage_persisted: true }
      return { persisted: true }
    },
    'identity.create': ({ display_name, bio }) => {
      if (display_name.trim() === '') throw new ValidationError('display_name is empty')
      this.self.display_name = display_name
      this.self.bio = bio
      this.status = { ...this.status, phase: 'ready', display_name }
      this.emit({ type: 'status', status: this.status })
      return this.status
    },
    'identity.export': ({ passphrase }) => ({
      file: new TextEncoder().encode(`fake-identity:${passphrase.length}`),
    }),
    'identity.import': ({ passphrase }) => {
      if (passphrase !== 'correct horse')
        throw new WrongPassphraseError('the passphrase does not open this file')
      this.status = { ...this.status, phase: 'ready' }
      return this.status
    },
    'data.export': () => ({ file: new TextEncoder().encode('fake-data') }),
    'data.import': () => ({ posts: 0 }),
    'profile.get': ({ node_id }) =>
      node_id === undefined ? this.self : (this.people.find((p) => p.node_id === node_id) ?? null),
    'profile.update': ({ display_name, bio, avatar }) => {
      this.self.display_name = display_name
      this.self.bio = bio
      if (avatar) this.self.avatar = fakeHexId(this.seq++) as BlobId
      return { v: 1, author: this.self.node_id, display_name, bio, anchors: [], updated_at: Date.now() }
    },
    'profile.connectString': () => ({
      connect: `distsoc:${this.self.node_id}?anchor=${encodeURIComponent('/dns4/shareat.app/tcp/443/wss')}`,
    }),
    'post.create': ({ content, intent, attachments }) => {
      if ([...content].length > LIMITS.postChars) throw new TooLargeError('post text exceeds 5000 characters')
      for (const a of attachments)
        if (a.bytes.length > LIMITS.blobBytes) throw new TooLargeError('attachment exceeds 256 KiB')
      const id = fakeHexId(100_000 + this.seq++) as PostId
      const atts = attachments.map((a, i) => {
        const blob = fakeHexId(200_000 + this.seq * 10 + i) as BlobId
        this.blobs.set(blob, { bytes: a.bytes, mime: a.mime })
        return { blob, mime: a.mime, size: a.bytes.length }
      })
      const post: PostView = {
        id,
        author: this.self.node_id,
        author_name: this.self.display_name,
        created_at: Date.now(),
        content,
        attachments: atts,
        audience: intent.type === 'direct' ? { type: 'direct', recipients: intent.recipients } : intent,
        is_own: true,
      }
      this.posts.unshift(post)
      this.emit({ type: 'post.added', post })
      return post
    },
    'post.delete': ({ id }) => {
      this.posts = this.posts.filter((p) => p.id !== id)
      this.emit({ type: 'post.removed', id })
      return { deleted: true }
    },
    'post.audience': () => ({ recipients: [] }),
    'post.thread': ({ id }) => {
      const root = this.posts.find((p) => p.id === id)
      if (root === undefined) throw new NotFoundError('no such post')
      const replies = this.posts.filter((p) => p.reply_to === id).map((post) => ({ post, replies: [] }))
      return { root, replies, hidden: 0 }
    },
    'post.removeRecipients': () => ({ changed: [], unchanged: 0 }),
    'feed.page': ({ query, before, limit }) => {
      let start = 0
      if (before !== undefined) {
        start = this.posts.findIndex(
          (p) => p.created_at < before.created_at || (p.created_at === before.created_at && p.id < before.id),
        )
        if (start === -1) return { posts: [] }
      }
      const out: PostView[] = []
      let i = start
      for (; i < this.posts.length && out.length < limit; i++) {
        const p = this.posts[i]!
        if (this.matches(p, query)) out.push(p)
      }
      const last = out.at(-1)
      return i < this.posts.length && last !== undefined && out.length === limit
        ? { posts: out, next: { created_at: last.created_at, id: last.id } }
        : { posts: out }
    },
    'blob.get': ({ id }) => {
      const blob = this.blobs.get(id)
      if (blob === undefined) throw new NotFoundError('no such blob')
      return blob
    },
    'feeds.list': () => this.feeds,
    'feeds.save': ({ feed }) => {
      this.feeds = [...this.feeds.filter((f) => f.id !== feed.id), feed]
      return feed
    },
    'feeds.delete': ({ id }) => {
      this.feeds = this.feeds.filter((f) => f.id !== id)
      return { deleted: true }
    },
    'follow.add': ({ target }) => {
      const id = (target.startsWith('distsoc:') ? target.slice(8).split('?')[0] : target) as NodeId
      if (!/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/.test(id))
        throw new InvalidNodeIdError('not an Ed25519 PeerId')
      let p = this.people.find((x) => x.node_id === id)
      if (p === undefined) {
        p = { node_id: id, display_name: '', bio: '', anchors: [], following: true, relation: 'follow' }
        this.people.push(p)
      }
      p.following = true
      p.relation = 'follow'
      this.emit({ type: 'people.changed' })
      return p
    },
    'follow.remove': ({ node_id }) => {
      const p = this.person(node_id)
      p.following = false
      p.relation = 'peer'
      this.emit({ type: 'people.changed' })
      return { removed: true }
    },
    'people.list': ({ filter }) =>
      filter === 'follows'
        ? this.people.filter((p) => p.following)
        : filter === 'suggested'
          ? this.people.filter((p) => p.relation === 'peer')
          : this.people,
    'circles.list': () => this.circles,
    'circles.create': ({ name, members }) => {
      if (this.circles.some((c) => c.name === name))
        throw new DuplicateError(`a circle called ${name} exists`)
      const c = { name, members }
      this.circles = [...this.circles, c]
      this.emit({ type: 'circles.changed' })
      return c
    },
    'circles.rename': ({ name, new_name }) => {
      if (this.circles.some((c) => c.name === new_name))
        throw new DuplicateError(`a circle called ${new_name} exists`)
      const c = this.circle(name)
      c.name = new_name
      this.emit({ type: 'circles.changed' })
      return c
    },
    'circles.delete': ({ name }) => {
      this.circle(name)
      this.circles = this.circles.filter((c) => c.name !== name)
      this.emit({ type: 'circles.changed' })
      return { deleted: true }
    },
    'circles.addMember': ({ name, member }) => {
      const c = this.circle(name)
      if (!c.members.includes(member)) c.members.push(member)
      this.emit({ type: 'circles.changed' })
      return c
    },
    'circles.removeMember': ({ name, member }) => {
      const c = this.circle(name)
      c.members = c.members.filter((m) => m !== member)
      this.emit({ type: 'circles.changed' })
      return c
    },
    'messages.threads': () => this.threads,
    'messages.send': ({ to: target, content }) => {
      const to = target as NodeId
      const post: PostView = {
        id: fakeHexId(300_000 + this.seq++) as PostId,
        author: this.self.node_id,
        author_name: this.self.display_name,
        created_at: Date.now(),
        content,
        attachments: [],
        audience: { type: 'direct', recipients: [to] },
        is_own: true,
      }
      this.posts.unshift(post)
      const t = this.threads.find((x) => x.peer === to)
      if (t === undefined) {
        const name = this.person(to).display_name
        this.threads = [
          {
            peer: to,
            peer_name: name,
            last_message_at: post.created_at,
            last_preview: content,
            unread: 0,
            is_request: false,
          },
          ...this.threads,
        ]
      } else Object.assign(t, { last_message_at: post.created_at, last_preview: content })
      return post
    },
    'messages.accept': ({ peer }) => {
      const t = this.threads.find((x) => x.peer === peer)
      if (t !== undefined) t.is_request = false
      const p = this.person(peer)
      p.following = true
      p.relation = 'follow'
      return p
    },
    'messages.ignore': ({ peer }) => {
      this.threads = this.threads.filter((t) => t.peer !== peer)
      return { ignored: true }
    },
    'messages.markRead': ({ peer }) => {
      const t = this.threads.find((x) => x.peer === peer)
      if (t !== undefined && t.unread > 0) {
        t.unread = 0
        this.emit({ type: 'messages.changed' })
      }
      return { read: true }
    },
    'anchors.list': () => this.anchors,
    'anchors.add': ({ addr }) => {
      if (this.anchors.some((a) => a.addr === addr)) throw new DuplicateError('that anchor is already listed')
      this.anchors = [
        { addr, source: 'custom', is_default: false, enabled: true, connected: false },
        ...this.anchors,
      ]
      return this.anchors
    },
    'anchors.remove': ({ addr }) => {
      const a = this.anchors.find((x) => x.addr === addr)
      if (a?.is_default) throw new ValidationError('the default anchor can be disabled but not removed')
      this.anchors = this.anchors.filter((x) => x.addr !== addr)
      return this.anchors
    },
    'anchors.setDefaultEnabled': ({ enabled }) => {
      this.anchors = this.anchors.map((a) => (a.is_default ? { ...a, enabled } : a))
      return this.anchors
    },
    'people.moderate': () => {
      throw new ValidationError('not in the fake node: test this against the real one')
    },
    'people.moderated': () => [],
    'search.query': () => ({ posts: [], people: [], messages: [] }),
    'anchors.setEnabled': () => {
      throw new ValidationError('not in the fake node: test this against the real one')
    },
    'network.connections': () =>
      this.people.slice(1, 4).map((p, i) => ({
        peer: p.node_id,
        path: (['webrtc', 'relayed', 'websocket'] as const)[i]!,
        remote_addr: '/ip4/192.0.2.1/udp/4242/webrtc-direct',
        is_anchor: i === 2,
      })),
    'network.diagnostics': () => ({ peers: 3, relay: 'reserved', mesh: { preferred: 1, local: 2, wide: 0 } }),
    'sync.now': () => ({ peers: 3 }),
    'replicas.summary': () => ({ own_posts: 0, low: 0, target: 3, drop_after_ms: 86_400_000 }),
    'hosting.status': () => ({
      asked: 0,
      hosted: 0,
      hosted_posts: 0,
      quota: 4 * 1024 * 1024,
      starter: 4 * 1024 * 1024,
      spare: 4 * 1024 * 1024,
      pinned: 0,
      pins: [],
    }),
    'post.pin': ({ mode }) => ({ pinned: mode }),
    'post.unpin': () => ({ unpinned: false }),
  }
}
