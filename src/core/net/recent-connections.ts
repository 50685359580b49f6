/**
 * The anchor's recent-connection cache (seed Phase C "Data requirements", docs/design.md §6): NodeId →
 * circuit addresses and last seen, bounded in size and age. It answers "has X checked in recently?".
 *
 * Sybil-proof eviction (issue 11): a peer enters on probation; only `vouch(id)` (it did something
 * that costs or proves something — checked in as a user of this anchor, stayed connected a long
 * while) moves it to the kept tier. Probationary entries have their own cap, and a cap per source
 * group (an IP prefix), so a flood of fresh identities only ever evicts other probationary entries
 * — first those of its own group — never a vouched one.
 */
import type { Millis, NodeId } from '../model/index.ts'

/** One remembered peer. */
export interface RecentEntry {
  id: NodeId
  /** Circuit addresses at which the peer can be dialled (newest first). */
  addrs: string[]
  lastSeen: Millis
  /** True while the peer is connected to this node. */
  connected: boolean
  /** True once vouched for (kept ahead of probationary entries). */
  vouched: boolean
}

/** Limits of the cache. */
export interface RecentConnectionsInit {
  /** Vouched entries kept (oldest evicted first); default 10,000. */
  maxEntries?: number
  /** Probationary entries kept in all; default 2,000. */
  maxProbation?: number
  /** Probationary entries kept per source group (see `seen`); default 64. */
  maxProbationPerGroup?: number
  /** How long a peer counts as "recent" after it was last seen; default 24 h. */
  maxAgeMs?: number
  /** Addresses kept per peer; default 4. */
  maxAddrsPerPeer?: number
  now?: () => Millis
}

interface Held extends RecentEntry {
  group: string
}

/** A bounded two-tier LRU of recently connected peers with their circuit addresses. */
export class RecentConnections {
  /** Both tiers keep insertion order = last-seen order (an update re-inserts). */
  private readonly kept = new Map<string, Held>()
  private readonly probation = new Map<string, Held>()
  private readonly groups = new Map<string, Set<string>>()
  private readonly maxEntries: number
  private readonly maxProbation: number
  private readonly maxPerGroup: number
  private readonly maxAgeMs: number
  private readonly maxAddrs: number
  private readonly now: () => Millis

  constructor(init: RecentConnectionsInit = {}) {
    this.maxEntries = init.maxEntries ?? 10_000
    this.maxProbation = init.maxProbation ?? 2_000
    this.maxPerGroup = init.maxProbationPerGroup ?? 64
    this.maxAgeMs = init.maxAgeMs ?? 24 * 60 * 60 * 1000
    this.maxAddrs = init.maxAddrsPerPeer ?? 4
    this.now = init.now ?? Date.now
  }

  /**
   * Records that `id` is connected now, optionally at new circuit addresses. `group` names where
   * it came from (e.g. its IP /24 or /48); omitted, the entry keeps the group it had.
   */
  seen(id: NodeId, addrs: readonly string[] = [], connected = true, group?: string): void {
    const old = this.kept.get(id) ?? this.probation.get(id)
    const merged = [...addrs, ...(old?.addrs ?? [])].filter((a, i, all) => all.indexOf(a) === i)
    const entry: Held = {
      id,
      addrs: merged.slice(0, this.maxAddrs),
      lastSeen: this.now(),
      connected,
      vouched: old?.vouched ?? false,
      group: group ?? old?.group ?? '',
    }
    this.remove(id)
    if (entry.vouched) {
      this.kept.set(id, entry)
      while (this.kept.size > this.maxEntries) this.remove(this.kept.keys().next().value ?? '')
      return
    }
    this.probation.set(id, entry)
    const members = this.groups.get(entry.group) ?? new Set<string>()
    members.add(id)
    this.groups.set(entry.group, members)
    while (members.size > this.maxPerGroup) this.remove(members.values().next().value ?? '')
    while (this.probation.size > this.maxProbation) this.remove(this.probation.keys().next().value ?? '')
  }

  /** Moves `id` to the kept tier (it proved itself); unknown ids are ignored. */
  vouch(id: NodeId): void {
    const entry = this.probation.get(id)
    if (entry === undefined) return
    entry.vouched = true
    this.remove(id)
    this.kept.set(id, entry)
    while (this.kept.size > this.maxEntries) this.remove(this.kept.keys().next().value ?? '')
  }

  /** Records that `id` disconnected (keeps its addresses for later lookups). */
  disconnected(id: NodeId): void {
    const entry = this.kept.get(id) ?? this.probation.get(id)
    if (entry !== undefined) entry.connected = false
  }

  /** The entry for `id` if it was seen within the age limit. */
  lookup(id: NodeId): RecentEntry | undefined {
    const entry = this.kept.get(id) ?? this.probation.get(id)
    if (entry === undefined) return undefined
    if (!this.fresh(entry)) {
      this.remove(id)
      return undefined
    }
    return view(entry)
  }

  /** Up to `limit` recent entries, newest first (both tiers merged). */
  recent(limit: number): RecentEntry[] {
    const out: RecentEntry[] = []
    const a = [...this.kept.values()]
    const b = [...this.probation.values()]
    let i = a.length - 1
    let j = b.length - 1
    while (out.length < limit && (i >= 0 || j >= 0)) {
      const x = a[i]
      const y = b[j]
      let next: Held | undefined
      if (x !== undefined && (y === undefined || x.lastSeen >= y.lastSeen)) {
        next = x
        i--
      } else {
        next = y
        j--
      }
      if (next !== undefined && this.fresh(next)) out.push(view(next))
    }
    return out
  }

  /** Number of entries held (both tiers). */
  get size(): number {
    return this.kept.size + this.probation.size
  }

  /** Number of vouched entries. */
  get vouchedSize(): number {
    return this.kept.size
  }

  private fresh(entry: Held): boolean {
    return entry.connected || this.now() - entry.lastSeen <= this.maxAgeMs
  }

  private remove(id: string): void {
    this.kept.delete(id)
    const entry = this.probation.get(id)
    if (entry === undefined) return
    this.probation.delete(id)
    const members = this.groups.get(entry.group)
    members?.delete(id)
    if (members?.size === 0) this.groups.delete(entry.group)
  }
}

function view(entry: Held): RecentEntry {
  return {
    id: entry.id,
    addrs: [...entry.addrs],
    lastSeen: entry.lastSeen,
    connected: entry.connected,
    vouched: entry.vouched,
  }
}
