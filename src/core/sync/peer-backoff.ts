/**
 * Cool-downs for a peer that keeps sending what this node refuses (issue 11, docs/design.md §9): a
 * holder may re-send its refused flood every session (the refused posts are never stored, so the
 * next reconciliation lists them again). A session with more than `threshold` refused items strikes
 * the peer; while its cool-down runs (`baseMs` doubled per strike, at most `maxMs`) its sessions are
 * cut after `allowance` refused items, and from `refuseFromStrike` strikes on they are not opened at
 * all. A full session with few refusals after the cool-down forgives the peer. With a ledger (the
 * store's `peer_backoff`, bounded) cool-downs survive a restart.
 */
import type { Millis, NodeId } from '../model/index.ts'

/** A peer's strikes and the end of its cool-down. */
export interface BackoffRow {
  peer: NodeId
  strikes: number
  until: Millis
}

/** Where cool-downs are kept (the store's admission part, core/storage). */
export interface BackoffLedger {
  getPeerBackoff(peer: NodeId): BackoffRow | undefined
  putPeerBackoff(row: BackoffRow): void
  deletePeerBackoff(peer: NodeId): void
}

/** Thresholds and lengths of PeerBackoff. */
export interface BackoffLimits {
  /** Refused items in one session past which the peer is struck (default 32). */
  threshold: number
  /** Refused items a session in cool-down may bring before it is cut (default 8). */
  allowance: number
  /** First cool-down, ms, doubled per strike (default 1 min). */
  baseMs: number
  /** Longest cool-down, ms (default 24 h). */
  maxMs: number
  /** Strikes from which sessions in cool-down are refused outright (default 3). */
  refuseFromStrike: number
}

/** Defaults of BackoffLimits. */
export const BACKOFF_DEFAULTS: BackoffLimits = {
  threshold: 32,
  allowance: 8,
  baseMs: 60_000,
  maxMs: 24 * 60 * 60_000,
  refuseFromStrike: 3,
}

/** What happened, for metrics: a strike, a session cut short or refused in cool-down, a forgiven peer. */
export type BackoffEvent = 'struck' | 'shortened' | 'refused' | 'forgiven'

/** What a session with a peer may be: refused, limited to `maxRefusals` refused items, or free. */
export type BackoffGate = { refused: true; until: Millis } | { refused: false; maxRefusals?: number }

/** The cool-downs of one node (one per node, shared by all its pulls). */
export class PeerBackoff {
  private readonly limits: BackoffLimits
  private readonly now: () => Millis
  private readonly ledger: BackoffLedger
  private readonly onEvent: ((event: BackoffEvent, peer: NodeId) => void) | undefined
  private readonly spare: ((peer: NodeId) => boolean) | undefined

  constructor(
    options: {
      limits?: Partial<BackoffLimits>
      now?: () => Millis
      /** Default: memory only (a Map capped like the store's table). */
      ledger?: BackoffLedger
      onEvent?: (event: BackoffEvent, peer: NodeId) => void
      /** Peers whose sessions are only ever cut short, never refused (a node's own anchors: its mailbox). */
      spare?: (peer: NodeId) => boolean
    } = {},
  ) {
    this.limits = { ...BACKOFF_DEFAULTS, ...options.limits }
    this.now = options.now ?? Date.now
    this.ledger = options.ledger ?? memoryLedger()
    this.onEvent = options.onEvent
    this.spare = options.spare
  }

  /** Before a session with `peer`: may it run, and how many refusals may it bring. */
  gate(peer: NodeId): BackoffGate {
    const row = this.ledger.getPeerBackoff(peer)
    if (row === undefined || this.now() >= row.until) return { refused: false }
    if (row.strikes >= this.limits.refuseFromStrike && this.spare?.(peer) !== true) {
      this.onEvent?.('refused', peer)
      return { refused: true, until: row.until }
    }
    this.onEvent?.('shortened', peer)
    return { refused: false, maxRefusals: this.limits.allowance }
  }

  /** After a session with `peer` that refused `refusals` items (`cut`: it was cut for them). */
  settle(peer: NodeId, refusals: number, cut: boolean): void {
    const row = this.ledger.getPeerBackoff(peer)
    const now = this.now()
    if (cut || refusals > this.limits.threshold) {
      const strikes = (row?.strikes ?? 0) + 1
      const length = Math.min(this.limits.maxMs, this.limits.baseMs * 2 ** Math.min(strikes - 1, 40))
      this.ledger.putPeerBackoff({ peer, strikes, until: now + length })
      this.onEvent?.('struck', peer)
      return
    }
    if (row !== undefined && now >= row.until) {
      this.ledger.deletePeerBackoff(peer)
      this.onEvent?.('forgiven', peer)
    }
  }
}

/** Rows kept by the memory ledger before the one ending soonest goes. */
const MEMORY_ROWS = 4096

function memoryLedger(): BackoffLedger {
  const rows = new Map<NodeId, BackoffRow>()
  return {
    getPeerBackoff: (peer) => rows.get(peer),
    putPeerBackoff(row) {
      if (!rows.has(row.peer) && rows.size >= MEMORY_ROWS) {
        let soonest: BackoffRow | undefined
        for (const r of rows.values()) if (soonest === undefined || r.until < soonest.until) soonest = r
        if (soonest !== undefined) rows.delete(soonest.peer)
      }
      rows.set(row.peer, { ...row })
    },
    deletePeerBackoff: (peer) => void rows.delete(peer),
  }
}
