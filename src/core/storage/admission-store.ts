/**
 * Admission counters and peer cool-downs (issue 11, docs/design.md §5 "admission is bounded"), kept in
 * SQLite so a restart of the browser node or the anchor gives no sender a fresh day and no flooder
 * a clean slate. Both tables are bounded: see schema-admission.ts.
 */
import { ValidationError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'
import type { StoreContext } from './store-context.ts'
import { checkMillis, checkNodeId } from './validate.ts'

/** Most rows of `peer_backoff`; past it the row whose cool-down ends soonest goes. */
export const PEER_BACKOFF_ROWS = 4096

/** Most rows of `peer_days`; past it the least-used row goes. */
export const PEER_DAY_ROWS = 4096

/** What was admitted on one day: totals and per sender. */
export interface AdmissionDay {
  posts: number
  bytes: number
  perSender: Map<NodeId, number>
}

/** A peer in cool-down: how many times it was struck and until when. */
export interface PeerBackoffRow {
  peer: NodeId
  strikes: number
  until: Millis
}

/** The admission part of the store. */
export interface AdmissionStore {
  /** What was admitted on UTC day `day` (days since the epoch). */
  loadAdmissionDay(day: number): AdmissionDay
  /** Charges one admitted post of `bytes` from `sender` to `day`; rows of other days are dropped. */
  chargeAdmission(day: number, sender: NodeId, bytes: number): void
  /** The cool-down row of `peer`, or undefined. */
  getPeerBackoff(peer: NodeId): PeerBackoffRow | undefined
  /** Writes `row`; a new peer past PEER_BACKOFF_ROWS evicts the row that ends soonest (never a longer one). */
  putPeerBackoff(row: PeerBackoffRow): void
  /** Forgets `peer`'s cool-down. */
  deletePeerBackoff(peer: NodeId): void
  /** Posts and bytes admitted from `peer` on UTC day `day` (an anchor's per-peer budget). */
  loadPeerDay(day: number, peer: NodeId): { posts: number; bytes: number }
  /**
   * Charges one admitted post of `bytes` from `peer` to `day`; rows of other days are dropped, and a
   * new peer past PEER_DAY_ROWS evicts the least-used row (never one that spent more).
   */
  chargePeerDay(day: number, peer: NodeId, bytes: number): void
}

const TOTAL = ''

function checkCount(value: unknown, arg: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${arg}: must be a non-negative integer`)
  }
}

/** Builds the admission part over `ctx`. */
export function createAdmissionStore({ db }: StoreContext): AdmissionStore {
  return {
    loadAdmissionDay(day) {
      checkCount(day, 'day')
      const rows = db.all<{ sender: string; posts: number; bytes: number }>(
        'SELECT sender, posts, bytes FROM admission_days WHERE day = ?',
        [day],
      )
      const out: AdmissionDay = { posts: 0, bytes: 0, perSender: new Map() }
      for (const row of rows) {
        if (row.sender === TOTAL) {
          out.posts = row.posts
          out.bytes = row.bytes
        } else out.perSender.set(row.sender as NodeId, row.posts)
      }
      return out
    },
    chargeAdmission(day, sender, bytes) {
      checkCount(day, 'day')
      checkNodeId(sender, 'sender')
      checkCount(bytes, 'bytes')
      db.transaction(() => {
        db.run('DELETE FROM admission_days WHERE day <> ?', [day])
        for (const [who, b] of [
          [TOTAL, bytes],
          [sender, bytes],
        ] as const) {
          db.run(
            'INSERT INTO admission_days (day, sender, posts, bytes) VALUES (?, ?, 1, ?) ' +
              'ON CONFLICT (day, sender) DO UPDATE SET posts = posts + 1, bytes = bytes + excluded.bytes',
            [day, who, b],
          )
        }
      })
    },
    getPeerBackoff(peer) {
      checkNodeId(peer, 'peer')
      const row = db.get<{ strikes: number; until: number }>(
        'SELECT strikes, until FROM peer_backoff WHERE peer = ?',
        [peer],
      )
      return row === undefined ? undefined : { peer, strikes: row.strikes, until: row.until }
    },
    putPeerBackoff(row) {
      checkNodeId(row.peer, 'row.peer')
      checkCount(row.strikes, 'row.strikes')
      checkMillis(row.until, 'row.until')
      db.transaction(() => {
        const held = db.get('SELECT 1 AS x FROM peer_backoff WHERE peer = ?', [row.peer]) !== undefined
        if (!held) {
          const n = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peer_backoff')?.n ?? 0
          if (n >= PEER_BACKOFF_ROWS) {
            // the soonest to end goes, so a swarm of fresh sybils cannot push out a long cool-down
            db.run(
              'DELETE FROM peer_backoff WHERE peer IN ' +
                '(SELECT peer FROM peer_backoff ORDER BY until, peer LIMIT ?)',
              [n - PEER_BACKOFF_ROWS + 1],
            )
          }
        }
        db.run(
          'INSERT INTO peer_backoff (peer, strikes, until) VALUES (?, ?, ?) ' +
            'ON CONFLICT (peer) DO UPDATE SET strikes = excluded.strikes, until = excluded.until',
          [row.peer, row.strikes, row.until],
        )
      })
    },
    deletePeerBackoff(peer) {
      checkNodeId(peer, 'peer')
      db.run('DELETE FROM peer_backoff WHERE peer = ?', [peer])
    },
    loadPeerDay(day, peer) {
      checkCount(day, 'day')
      checkNodeId(peer, 'peer')
      const row = db.get<{ posts: number; bytes: number }>(
        'SELECT posts, bytes FROM peer_days WHERE day = ? AND peer = ?',
        [day, peer],
      )
      return { posts: row?.posts ?? 0, bytes: row?.bytes ?? 0 }
    },
    chargePeerDay(day, peer, bytes) {
      checkCount(day, 'day')
      checkNodeId(peer, 'peer')
      checkCount(bytes, 'bytes')
      db.transaction(() => {
        db.run('DELETE FROM peer_days WHERE day <> ?', [day])
        const held =
          db.get('SELECT 1 AS x FROM peer_days WHERE day = ? AND peer = ?', [day, peer]) !== undefined
        if (!held) {
          const n = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peer_days')?.n ?? 0
          if (n >= PEER_DAY_ROWS) {
            // the least-used go: a swarm of fresh sybils evicts its own kind, never a spent budget
            db.run(
              'DELETE FROM peer_days WHERE peer IN (SELECT peer FROM peer_days ORDER BY posts, bytes, peer LIMIT ?)',
              [n - PEER_DAY_ROWS + 1],
            )
          }
        }
        db.run(
          'INSERT INTO peer_days (day, peer, posts, bytes) VALUES (?, ?, 1, ?) ' +
            'ON CONFLICT (day, peer) DO UPDATE SET posts = posts + 1, bytes = bytes + excluded.bytes',
          [day, peer, bytes],
        )
      })
    },
  }
}
