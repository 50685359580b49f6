/**
 * The anchor's recent-connection cache (seed Phase C "Data requirements", DESIGN §6): NodeId →
 * circuit addresses and last seen, bounded in size and age. It answers "has X checked in recently?".
 */
import type { Millis, NodeId } from '../model/types.ts'

/** One remembered peer. */
export interface RecentEntry {
  id: NodeId
  /** Circuit addresses at which the peer can be dialled (newest first). */
  addrs: string[]
  lastSeen: Millis
  /** True while the peer is connected to this node. */
  connected: boolean
}

/** Limits of the cache. */
export interface RecentConnectionsInit {
  /** Entries kept (oldest evicted first); default 10,000. */
  maxEntries?: number
  /** How long a peer counts as "recent" after it was last seen; default 24 h. */
  maxAgeMs?: number
  /** Addresses kept per peer; default 4. */
  maxAddrsPerPeer?: number
  now?: () => Millis
}

/** A bounded LRU of recently connected peers with their circuit addresses. */
export class RecentConnections {
  private readonly entries = new Map<string, RecentEntry>()
  private readonly maxEntries: number
  private readonly maxAgeMs: number
  private readonly maxAddrs: number
  private readonly now: () => Millis

  constructor(init: RecentConnectionsInit = {}) {
    this.maxEntries = init.maxEntries ?? 10_000
    this.maxAgeMs = init.maxAgeMs ?? 24 * 60 * 60 * 1000
    this.maxAddrs = init.maxAddrsPerPeer ?? 4
    this.now = init.now ?? Date.now
  }

  /** Records that `id` is connected now, optionally at new circuit addresses. */
  seen(id: NodeId, addrs: readonly string[] = [], connected = true): void {
    const old = this.entries.get(id)
    const merged = [...addrs, ...(old?.addrs ?? [])].filter((a, i, all) => all.indexOf(a) === i)
    this.entries.delete(id)
    this.entries.set(id, { id, addrs: merged.slice(0, this.maxAddrs), lastSeen: this.now(), connected })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  /** Records that `id` disconnected (keeps its addresses for later lookups). */
  disconnected(id: NodeId): void {
    const entry = this.entries.get(id)
    if (entry !== undefined) entry.connected = false
  }

  /** The entry for `id` if it was seen within the age limit. */
  lookup(id: NodeId): RecentEntry | undefined {
    const entry = this.entries.get(id)
    if (entry === undefined) return undefined
    if (!entry.connected && this.now() - entry.lastSeen > this.maxAgeMs) {
      this.entries.delete(id)
      return undefined
    }
    return { ...entry, addrs: [...entry.addrs] }
  }

  /** Up to `limit` recent entries, newest first. */
  recent(limit: number): RecentEntry[] {
    const out: RecentEntry[] = []
    for (const entry of [...this.entries.values()].reverse()) {
      if (out.length >= limit) break
      if (entry.connected || this.now() - entry.lastSeen <= this.maxAgeMs) out.push({ ...entry })
    }
    return out
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size
  }
}
