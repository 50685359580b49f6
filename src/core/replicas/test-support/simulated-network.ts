/**
 * A simulated network of N nodes for the restoration cascade (issue 15): every node runs the real
 * core logic — sync sessions with liveness over in-memory pipes, ReplicaBook, signed reports, the
 * cascade — and only the transport, the clock and hosting quotas are simulated. A node that goes
 * offline stops answering; its replicas stop being proven and drop off after the timeout.
 */
import { shouldSendPost } from '../../model/index.ts'
import type { BlobId, Millis, NodeId, PostId } from '../../model/types.ts'
import { runRequester } from '../../sync/requester.ts'
import { runResponder } from '../../sync/responder.ts'
import { generateIdentity, type Identity, type MadePost, makePost } from '../../sync/test-support/fixtures.ts'
import { memoryPipe } from '../../sync/test-support/memory-pipe.ts'
import { MemorySyncStore } from '../../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../../sync/test-support/model-verifier.ts'
import {
  type CascadeNetwork,
  type RestorationResult,
  type RestorationSubject,
  restoreRedundancy,
} from '../cascade.ts'
import { signHoldingReport } from '../holding-report.ts'
import type { HostingAnswer, HostingPeers } from '../hosting-offer.ts'
import { ReplicaBook } from '../replica-book.ts'
import { ReportOutbox } from '../report-outbox.ts'
import { syncLiveness } from '../sync-liveness.ts'
import { memoryCopies } from './memory-copies.ts'

/** One simulated node. */
export interface SimNode {
  identity: Identity
  id: NodeId
  store: MemorySyncStore
  book: ReplicaBook
  outbox: ReportOutbox
  follows: Set<NodeId>
  online: boolean
  /** Bytes it will host for others (the simulation's stand-in for core/hosting's quota). */
  capacity: number
  used: number
}

/** Options of a simulation. */
export interface SimOptions {
  nodes: number
  dropAfterMs: number
  syncEveryMs: number
  target?: number
  start?: Millis
  /** Seeded [0, 1) source. */
  random?: () => number
}

/** A deterministic [0, 1) source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The simulated network; see the file comment. */
export class SimulatedNetwork {
  readonly nodes: SimNode[] = []
  readonly restorations: RestorationResult[] = []
  now: Millis
  private readonly byId = new Map<NodeId, SimNode>()
  private readonly options: SimOptions
  private readonly random: () => number
  private readonly posts = new Map<PostId, MadePost>()

  constructor(options: SimOptions) {
    this.options = options
    this.now = options.start ?? 1_700_000_000_000
    this.random = options.random ?? seeded(15)
    for (let i = 0; i < options.nodes; i++) {
      const identity = generateIdentity()
      const node: SimNode = {
        identity,
        id: identity.nodeId,
        store: new MemorySyncStore(),
        book: new ReplicaBook({
          dropAfterMs: options.dropAfterMs,
          ...(options.target === undefined ? {} : { target: options.target }),
        }),
        outbox: new ReportOutbox(),
        follows: new Set(),
        online: true,
        capacity: 10 * 1024 * 1024,
        used: 0,
      }
      this.nodes.push(node)
      this.byId.set(node.id, node)
    }
  }

  /** The node at `i`. */
  at(i: number): SimNode {
    const node = this.nodes[i]
    if (node === undefined) throw new Error(`no node ${i}`)
    return node
  }

  /** `author` posts (public, or to `recipients`), with one attachment; the author tracks it. */
  async post(author: SimNode, options: { recipients?: NodeId[]; bytes?: number } = {}): Promise<PostId> {
    const made = await makePost(author.identity, this.now, {
      ...(options.recipients === undefined ? {} : { recipients: options.recipients }),
      attachments: [new Uint8Array(options.bytes ?? 2048).map(() => Math.floor(this.random() * 256))],
    })
    this.posts.set(made.post.id, made)
    this.keep(author, made)
    author.book.track(made.post.id, author.id)
    return made.post.id
  }

  /** `holder` keeps a copy of `post` and queues its signed store report for the author. */
  async hold(holder: SimNode, post: PostId): Promise<void> {
    const made = this.posts.get(post) as MadePost
    this.keep(holder, made)
    holder.used += this.sizeOf(post)
    holder.outbox.add(
      await signHoldingReport(holder.identity, {
        v: 1,
        holder: holder.id,
        author: made.post.post.author,
        post_id: post,
        held: true,
        at: this.now,
      }),
    )
  }

  /** Bytes of a post and its blobs. */
  sizeOf(post: PostId): number {
    const made = this.posts.get(post) as MadePost
    let bytes = made.post.post.content.length + 200
    for (const b of made.blobs.values()) bytes += b.length
    return bytes
  }

  /** Advances the clock by `ms`, running a sync round and the cascade every `syncEveryMs`. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms
    while (this.now < end) {
      this.now = Math.min(end, this.now + this.options.syncEveryMs)
      await this.round()
    }
  }

  /** One round: every online node pulls from each online peer it follows or believes holds its posts; then authors restore. */
  async round(): Promise<void> {
    for (const node of this.nodes) {
      if (!node.online) continue
      const peers = new Set<NodeId>(node.follows)
      for (const post of node.book.trackedPosts()) for (const h of node.book.holders(post)) peers.add(h.node)
      for (const peerId of peers) {
        const peer = this.byId.get(peerId)
        if (peer?.online === true) await this.sync(node, peer)
      }
    }
    for (const node of this.nodes) if (node.online) await this.restore(node)
  }

  /** A real sync session with liveness over an in-memory pipe: `from` pulls from `to`. */
  async sync(from: SimNode, to: SimNode): Promise<void> {
    const [a, b] = memoryPipe()
    const served = runResponder(b, {
      store: to.store,
      verifier: modelVerifier,
      requester: from.id,
      now: () => this.now,
      liveness: this.livenessOf(to),
    })
    await runRequester(a, {
      store: from.store,
      verifier: modelVerifier,
      wants: [from.id, ...[...from.follows].filter((f) => f === to.id)],
      peer: to.id,
      now: () => this.now,
      liveness: this.livenessOf(from),
    })
    await served
  }

  /** Runs the cascade for each of `author`'s posts below the target. */
  async restore(author: SimNode): Promise<void> {
    for (const id of author.book.lowPosts(this.now)) {
      const made = this.posts.get(id) as MadePost
      const subject: RestorationSubject = {
        id,
        author: author.id,
        encrypted: made.post.visibility.type === 'encrypted',
        bytes: this.sizeOf(id),
      }
      const result = await restoreRedundancy(
        subject,
        author.book.liveHolders(id, this.now),
        this.cascadeOf(author),
        {
          target: author.book.target,
          random: this.random,
        },
      )
      for (const { peer } of result.placed) author.book.addHolder(peer, id, this.now)
      if (result.attempts.length > 0) this.restorations.push(result)
    }
  }

  private keep(node: SimNode, made: MadePost): void {
    node.store.seedPost(made.post)
    for (const [blob, bytes] of made.blobs) node.store.blobs.set(blob as BlobId, bytes)
  }

  private livenessOf(node: SimNode) {
    return syncLiveness({
      book: node.book,
      outbox: node.outbox,
      lookup: memoryCopies(node.store),
      mayProve: (requester, post) => shouldSendPost(post, requester, new Set([post.post.author])),
      now: () => this.now,
      random: (n) => new Uint8Array(n).map(() => Math.floor(this.random() * 256)),
    })
  }

  private cascadeOf(author: SimNode): CascadeNetwork {
    const followersOf = (a: NodeId) => this.nodes.filter((n) => n.follows.has(a)).map((n) => n.id)
    const hosting: HostingPeers = {
      candidates: () => this.nodes.filter((n) => n.id !== author.id).map((n) => n.id),
      acceptsHosting: async (peer, offer): Promise<HostingAnswer> => {
        const node = this.byId.get(peer)
        if (node?.online !== true) return { accepted: false, reason: 'UnreachableError' }
        if (node.used + offer.bytes > node.capacity)
          return { accepted: false, reason: 'HostingQuotaExceededError' }
        return { accepted: true }
      },
    }
    return {
      keyholders: (post) => {
        const made = this.posts.get(post.id) as MadePost
        const v = made.post.visibility
        if (v.type === 'encrypted')
          return v.recipients.map((r) => r.recipient).filter((r) => this.byId.has(r))
        return followersOf(author.id).filter((f) => author.follows.has(f))
      },
      followers: followersOf,
      hosting,
      push: async (peer, post): Promise<HostingAnswer> => {
        const node = this.byId.get(peer)
        if (node?.online !== true) return { accepted: false, reason: 'UnreachableError' }
        await this.hold(node, post.id)
        return { accepted: true }
      },
    }
  }
}
