/** The Messages list (seed D-1): one row per DM partner, requests flagged, ignored peers hidden. */
import type { Millis, NodeId } from '../model/index.ts'
import { checkNodeId, checkNodeIds, checkObject, type Store } from '../storage/index.ts'

/** A conversation summary; the worker turns it into a `ThreadView`. */
export interface DmThreadRow {
  peer: NodeId
  /** The peer's display name from their profile, if known. */
  peer_name: string | null
  last_message_at: Millis
  /** Readable text of the newest message; `null` if it cannot be read. */
  last_preview: string | null
  /** Messages from the peer that arrived after `dm_state.last_read_at`. */
  unread: number
  /** Not followed, not accepted, and `self` never wrote in this thread. */
  is_request: boolean
}

/** Every DM thread except ignored ones and those with `hide` (blocked people), most recent first. */
export function dmThreads(store: Store, options: { self: NodeId; hide?: readonly NodeId[] }): DmThreadRow[] {
  checkObject(options, 'options')
  checkNodeId(options.self, 'options.self')
  const hide = checkNodeIds(options.hide ?? [], 'options.hide', 2000)
  const rows = store.db.all<Omit<DmThreadRow, 'is_request'> & { is_request: number }>(
    'SELECT t.peer, pr.display_name AS peer_name, t.last_message_at, ' +
      '(SELECT x.plaintext FROM posts x WHERE x.dm_peer = t.peer ORDER BY x.created_at DESC, x.id DESC LIMIT 1) ' +
      'AS last_preview, ' +
      '(SELECT count(*) FROM posts u WHERE u.dm_peer = t.peer AND u.author != ? ' +
      'AND u.received_at > coalesce(s.last_read_at, -1)) AS unread, ' +
      "(f.node_id IS NULL AND coalesce(s.status, '') != 'accepted' AND NOT EXISTS " +
      '(SELECT 1 FROM posts m WHERE m.dm_peer = t.peer AND m.author = ?)) AS is_request ' +
      'FROM (SELECT dm_peer AS peer, max(created_at) AS last_message_at FROM posts ' +
      'WHERE dm_peer IS NOT NULL GROUP BY dm_peer) t ' +
      'LEFT JOIN dm_state s ON s.peer = t.peer ' +
      'LEFT JOIN follows f ON f.node_id = t.peer ' +
      'LEFT JOIN profiles pr ON pr.author = t.peer ' +
      "WHERE coalesce(s.status, '') != 'ignored' AND t.peer NOT IN (SELECT value FROM json_each(?)) " +
      'ORDER BY t.last_message_at DESC, t.peer',
    [options.self, options.self, JSON.stringify(hide)],
  )
  return rows.map((r) => ({ ...r, is_request: r.is_request === 1 }))
}
