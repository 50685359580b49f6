/**
 * Anchor metrics (issue 11), in a prom-client registry served as Prometheus text on the metrics
 * listener (and as JSON for tests and scripts). Everything is a counter or a gauge kept up to date
 * as things happen; a scrape reads numbers, it never scans a table or a connection list.
 * Counters start at 0 with the process (Prometheus' `rate()` handles restarts); what the mailbox
 * holds is a gauge rebuilt from the database when it opens, so it is right after a restart too.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/** Counters the anchor keeps; the mailbox increments the `mailbox*` ones. */
export interface AnchorCounters {
  connectionsOpened: number
  connectionsClosed: number
  connectionsRefused: number
  reservationsRefused: number
  offendersCut: number
  offendersRefused: number
  offendersUserOffences: number
  checkIns: number
  checkInFailures: number
  pullsDropped: number
  mailboxPostsStored: number
  mailboxBytesStored: number
  mailboxQuotaRejections: number
}

/** Live values read on each scrape; each must be O(1) (a size or a kept number). */
export interface AnchorGauges {
  connections: () => number
  reservations: () => number
  recentPeers: () => number
  /** Posts / bytes held by the mailbox (0 until a mailbox is wired). */
  storedPosts: () => number
  storedBytes: () => number
}

const HELP: Record<keyof AnchorCounters, string> = {
  connectionsOpened: 'libp2p connections opened',
  connectionsClosed: 'libp2p connections closed',
  connectionsRefused: 'Inbound connections refused by the per-host cap',
  reservationsRefused: 'Relay reservations refused by the per-peer or per-IP cap',
  offendersCut:
    'Connections closed because their peer sent a bad frame (a user: past its threshold) or shares its IP',
  offendersRefused:
    'Inbound connections refused during an offender cool-down (IP before noise, peer id after)',
  offendersUserOffences: 'Sessions of users that ended on a bad frame (a user is cut past a threshold)',
  checkIns: 'Check-in pulls completed',
  checkInFailures: 'Check-in pulls that failed',
  pullsDropped: 'Pulls dropped because every slot and the queue were busy',
  mailboxPostsStored: 'Posts stored by the mailbox',
  mailboxBytesStored: 'Bytes stored by the mailbox',
  mailboxQuotaRejections: 'Posts refused by a mailbox quota (any of author, recipient, total)',
}

const PREFIX = 'distsoc_anchor_'

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** Counters, labelled refusals and gauges of one anchor, in their own registry. */
export class AnchorMetrics {
  readonly registry = new Registry()
  /** Plain copies of the counters, for tests and the JSON view. */
  readonly counters: AnchorCounters = {
    connectionsOpened: 0,
    connectionsClosed: 0,
    connectionsRefused: 0,
    reservationsRefused: 0,
    offendersCut: 0,
    offendersRefused: 0,
    offendersUserOffences: 0,
    checkIns: 0,
    checkInFailures: 0,
    pullsDropped: 0,
    mailboxPostsStored: 0,
    mailboxBytesStored: 0,
    mailboxQuotaRejections: 0,
  }
  gauges: AnchorGauges = {
    connections: () => 0,
    reservations: () => 0,
    recentPeers: () => 0,
    storedPosts: () => 0,
    storedBytes: () => 0,
  }
  private readonly prom: { [K in keyof AnchorCounters]: Counter }
  private readonly rejected: Counter<'protocol' | 'reason'>
  private readonly refused: Counter<'reason'>
  private readonly busy: Counter<'reason'>
  private readonly backoff: Counter<'reason'>
  private readonly backoffCounts = new Map<string, number>()
  private readonly rejectedCounts = new Map<string, number>()
  private readonly refusedCounts = new Map<string, number>()

  /** `processMetrics` adds prom-client's process_* and nodejs_* metrics (RSS, event loop lag). */
  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry]
    const counters = {} as { [K in keyof AnchorCounters]: Counter }
    for (const name of Object.keys(this.counters) as (keyof AnchorCounters)[]) {
      counters[name] = new Counter({ name: `${PREFIX}${snake(name)}_total`, help: HELP[name], registers })
    }
    this.prom = counters
    this.rejected = new Counter({
      name: `${PREFIX}rejected_frames_total`,
      help: 'Frames refused, by protocol and reason',
      labelNames: ['protocol', 'reason'],
      registers,
    })
    this.refused = new Counter({
      name: `${PREFIX}mailbox_refused_total`,
      help: 'Posts the mailbox did not keep, by reason (not-listed, author, recipient, total)',
      labelNames: ['reason'],
      registers,
    })
    this.busy = new Counter({
      name: `${PREFIX}pulls_refused_total`,
      help: 'Pulls refused by the serving budget, by reason (peer-busy, global-busy, peer-rate, strangers-busy, strangers-rate)',
      labelNames: ['reason'],
      registers,
    })
    this.backoff = new Counter({
      name: `${PREFIX}sync_backoff_total`,
      help: 'Cool-downs of peers that re-send refused items, by reason (struck, shortened, refused, forgiven)',
      labelNames: ['reason'],
      registers,
    })
    const gauge = (name: string, help: string, read: (g: AnchorGauges) => number): void => {
      const self = this
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers,
        collect() {
          this.set(read(self.gauges))
        },
      })
    }
    gauge('connections', 'Open libp2p connections', (g) => g.connections())
    gauge('reservations', 'Active circuit relay reservations', (g) => g.reservations())
    gauge('recent_peers', 'Entries in the recent-connection cache', (g) => g.recentPeers())
    gauge('stored_posts', 'Posts held by the mailbox', (g) => g.storedPosts())
    gauge('stored_bytes', 'Bytes held by the mailbox', (g) => g.storedBytes())
    if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry, prefix: PREFIX })
  }

  /** Counts one refused frame (`protocol`, `reason`); usable as a RejectHook. */
  readonly rejectFrame = (protocol: string, reason: string): void => {
    this.rejected.inc({ protocol, reason })
    const key = `${protocol}\u0000${reason}`
    this.rejectedCounts.set(key, (this.rejectedCounts.get(key) ?? 0) + 1)
  }

  /** Counts a post the mailbox did not keep; quota reasons also count as mailboxQuotaRejections. */
  mailboxRefused(reason: string): void {
    this.refused.inc({ reason })
    this.refusedCounts.set(reason, (this.refusedCounts.get(reason) ?? 0) + 1)
    if (reason !== 'not-listed') this.inc('mailboxQuotaRejections')
  }

  /** Counts a pull refused by the serving budget. */
  pullRefused(reason: string): void {
    this.busy.inc({ reason })
  }

  /** Counts a cool-down event of a peer that re-sends refused items (issue 11). */
  syncBackoff(reason: string): void {
    this.backoff.inc({ reason })
    this.backoffCounts.set(reason, (this.backoffCounts.get(reason) ?? 0) + 1)
  }

  /** Cool-down events counted for `reason`. */
  backoffTotal(reason: string): number {
    return this.backoffCounts.get(reason) ?? 0
  }

  /** Adds `by` to a counter. */
  inc(name: keyof AnchorCounters, by = 1): void {
    this.counters[name] += by
    this.prom[name].inc(by)
  }

  /** Total rejected frames, optionally for one protocol. */
  rejectedTotal(protocol?: string): number {
    let sum = 0
    for (const [key, n] of this.rejectedCounts)
      if (protocol === undefined || key.startsWith(`${protocol}\u0000`)) sum += n
    return sum
  }

  /** Posts the mailbox refused for `reason`. */
  refusedTotal(reason: string): number {
    return this.refusedCounts.get(reason) ?? 0
  }

  /** A JSON-ready snapshot. */
  snapshot(): Record<string, unknown> {
    return {
      connections: this.gauges.connections(),
      reservations: this.gauges.reservations(),
      recent_peers: this.gauges.recentPeers(),
      stored_posts: this.gauges.storedPosts(),
      stored_bytes: this.gauges.storedBytes(),
      counters: { ...this.counters },
      mailbox_refused: Object.fromEntries(this.refusedCounts),
      sync_backoff: Object.fromEntries(this.backoffCounts),
      rejected_frames: [...this.rejectedCounts].map(([key, count]) => {
        const [protocol, reason] = key.split('\u0000')
        return { protocol, reason, count }
      }),
    }
  }

  /** The Prometheus text exposition. */
  prometheus(): Promise<string> {
    return this.registry.metrics()
  }

  /** Its content type. */
  get contentType(): string {
    return this.registry.contentType
  }
}
