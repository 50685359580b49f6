/**
 * Anchor metrics (served at `/metrics` as JSON or Prometheus text). Gauges are read when asked;
 * counters are incremented by the protocols and the mailbox through the hooks below.
 */

/** Counters the anchor keeps; the mailbox increments the `mailbox*` ones. */
export interface AnchorCounters {
  connectionsOpened: number
  connectionsClosed: number
  reservationsMade: number
  checkIns: number
  checkInFailures: number
  mailboxPostsStored: number
  mailboxBytesStored: number
  mailboxQuotaRejections: number
}

/** Live values read on each scrape. */
export interface AnchorGauges {
  connections: () => number
  reservations: () => number
  recentPeers: () => number
  /** Posts / bytes held by the mailbox (0 until a mailbox is wired). */
  storedPosts: () => number
  storedBytes: () => number
}

/** Counters, rejected frames by protocol and reason, and gauges. */
export class AnchorMetrics {
  readonly counters: AnchorCounters = {
    connectionsOpened: 0,
    connectionsClosed: 0,
    reservationsMade: 0,
    checkIns: 0,
    checkInFailures: 0,
    mailboxPostsStored: 0,
    mailboxBytesStored: 0,
    mailboxQuotaRejections: 0,
  }
  private readonly rejected = new Map<string, number>()
  gauges: AnchorGauges = {
    connections: () => 0,
    reservations: () => 0,
    recentPeers: () => 0,
    storedPosts: () => 0,
    storedBytes: () => 0,
  }

  /** Counts one refused frame (`protocol`, `reason`); usable as a RejectHook. */
  readonly rejectFrame = (protocol: string, reason: string): void => {
    const key = `${protocol}\u0000${reason}`
    this.rejected.set(key, (this.rejected.get(key) ?? 0) + 1)
  }

  /** Adds `by` to a counter. */
  inc(name: keyof AnchorCounters, by = 1): void {
    this.counters[name] += by
  }

  /** Total rejected frames, optionally for one protocol. */
  rejectedTotal(protocol?: string): number {
    let sum = 0
    for (const [key, n] of this.rejected)
      if (protocol === undefined || key.startsWith(`${protocol}\u0000`)) sum += n
    return sum
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
      rejected_frames: [...this.rejected].map(([key, count]) => {
        const [protocol, reason] = key.split('\u0000')
        return { protocol, reason, count }
      }),
    }
  }

  /** The same in Prometheus text exposition format. */
  prometheus(): string {
    const lines: string[] = []
    const gauge = (name: string, help: string, value: number): void => {
      lines.push(
        `# HELP distsoc_anchor_${name} ${help}`,
        `# TYPE distsoc_anchor_${name} gauge`,
        `distsoc_anchor_${name} ${value}`,
      )
    }
    gauge('connections', 'Open libp2p connections', this.gauges.connections())
    gauge('reservations', 'Active circuit relay reservations', this.gauges.reservations())
    gauge('recent_peers', 'Entries in the recent-connection cache', this.gauges.recentPeers())
    gauge('stored_posts', 'Posts held by the mailbox', this.gauges.storedPosts())
    gauge('stored_bytes', 'Bytes held by the mailbox', this.gauges.storedBytes())
    for (const [name, value] of Object.entries(this.counters)) {
      const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
      lines.push(`# TYPE distsoc_anchor_${snake}_total counter`, `distsoc_anchor_${snake}_total ${value}`)
    }
    lines.push('# HELP distsoc_anchor_rejected_frames_total Frames refused, by protocol and reason')
    lines.push('# TYPE distsoc_anchor_rejected_frames_total counter')
    for (const [key, count] of this.rejected) {
      const [protocol, reason] = key.split('\u0000')
      lines.push(`distsoc_anchor_rejected_frames_total{protocol="${protocol}",reason="${reason}"} ${count}`)
    }
    return `${lines.join('\n')}\n`
  }
}
