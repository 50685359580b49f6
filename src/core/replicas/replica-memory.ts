/**
 * What the replica side remembers across a restart (issue 15, docs/protocol/replicas.md), in two
 * small tables (schema-replica-memory.ts), so a restart neither re-sends every map to every peer
 * nor forgets the followers the cascade asks:
 * - `recent_pullers`: who pulled this node's own posts, ≤ RECENT_PULLERS rows, none older than the
 *   follower window (7 days); a peer's time is written at most once per PULLER_WRITE_MS;
 * - `map_changes` (per own post: the stamp of its map's last holder change — the time, made
 *   strictly increasing) and `map_peers` (per peer, ≤ MAP_LEDGER_PEERS rows: the stamp up to which
 *   it was sent every pending map): after a restart a map whose last change is at or before that
 *   stamp counts as sent to that peer.
 */
import type { Millis, NodeId, PostId } from '../model/index.ts'
import type { SqlDriver } from '../storage/index.ts'
import { MAP_LEDGER_PEERS } from './map-exchange.ts'

/** A puller's time is written at most this often (the window is days; the writes ride on sessions). */
export const PULLER_WRITE_MS = 60 * 60_000

/** Where RecentPullers keeps its entries. */
export interface PullerMemory {
  /** The entries seen at or after `since`, at most `max`, the oldest first. */
  load(since: Millis, max: number): [NodeId, Millis][]
  save(peer: NodeId, at: Millis): void
  remove(peer: NodeId): void
}

/** Where MapSender keeps what it sent. */
export interface MapMemory {
  /** Per own post, the stamp of its holder list's last change. */
  changes(): Map<PostId, Millis>
  noteChange(post: PostId, at: Millis): void
  /** Per peer, the stamp up to which it was sent every pending map. */
  syncedAt(peer: NodeId): Millis | undefined
  noteSynced(peer: NodeId, at: Millis): void
  forgetPeer(peer: NodeId): void
}

/** The pullers' table over `db`. */
export function pullerRows(db: SqlDriver): PullerMemory {
  return {
    load(since, max) {
      db.run('DELETE FROM recent_pullers WHERE seen_at < ?', [since])
      const rows = db.all<{ node_id: string; seen_at: number }>(
        'SELECT node_id, seen_at FROM recent_pullers ORDER BY seen_at DESC, node_id LIMIT ?',
        [max],
      )
      if (rows.length === max)
        db.run('DELETE FROM recent_pullers WHERE seen_at < ?', [rows[rows.length - 1]?.seen_at ?? 0])
      return rows.reverse().map((r) => [r.node_id as NodeId, r.seen_at])
    },
    save(peer, at) {
      db.run('INSERT OR REPLACE INTO recent_pullers (node_id, seen_at) VALUES (?, ?)', [peer, at])
    },
    remove(peer) {
      db.run('DELETE FROM recent_pullers WHERE node_id = ?', [peer])
    },
  }
}

/** The sent-map tables over `db`. */
export function mapMemoryRows(db: SqlDriver): MapMemory {
  return {
    changes() {
      const rows = db.all<{ post_id: string; changed_at: number }>(
        'SELECT post_id, changed_at FROM map_changes',
      )
      return new Map(rows.map((r) => [r.post_id as PostId, r.changed_at]))
    },
    noteChange(post, at) {
      db.run('INSERT OR REPLACE INTO map_changes (post_id, changed_at) VALUES (?, ?)', [post, at])
    },
    syncedAt(peer) {
      return db.get<{ at: number }>('SELECT synced_at AS at FROM map_peers WHERE peer = ?', [peer])?.at
    },
    noteSynced(peer, at) {
      db.run('INSERT OR REPLACE INTO map_peers (peer, synced_at) VALUES (?, ?)', [peer, at])
      db.run(
        'DELETE FROM map_peers WHERE peer NOT IN (SELECT peer FROM map_peers ORDER BY synced_at DESC, peer LIMIT ?)',
        [MAP_LEDGER_PEERS],
      )
    },
    forgetPeer(peer) {
      db.run('DELETE FROM map_peers WHERE peer = ?', [peer])
    },
  }
}
