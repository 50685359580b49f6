/** Peers, mesh slots, N2/N3 reach tables and social routes (seed topology; docs/design.md §6). */
import { ValidationError } from '../errors.ts'
import { FOUND_VIA, type FoundVia, type Millis, type NodeId } from '../model/index.ts'
import { parseStringArray } from './record-codec.ts'
import type { StoreContext } from './store-context.ts'
import { checkMillis, checkNodeId, checkNodeIds, checkObject, checkStrings } from './validate.ts'

/** A known peer. */
export interface PeerRecord {
  node_id: NodeId
  /** Multiaddrs, best first (at most 32). */
  addresses: string[]
  last_seen: Millis
  is_anchor: boolean
  /** Who introduced us (an anchor or contact); kept from the first introduction. */
  introduced_by: NodeId | null
  found_via: FoundVia | null
}

/** A mesh routing slot (docs/design.md §6: 10 preferred + 71 local + 20 wide). */
export type SlotKind = 'preferred' | 'local' | 'wide'
/** A peer in a mesh slot. */
export interface MeshPeer {
  node_id: NodeId
  slot_kind: SlotKind
  connected_at: Millis
}
/** A node reachable through a mesh peer (N2) or a peer of one (N3). */
export interface Reachable {
  node_id: NodeId
  via_peer: NodeId
  updated_at: Millis
}
/** Addresses learned for a node through the social graph. */
export interface SocialRoute {
  node_id: NodeId
  addresses: string[]
  updated_at: Millis
}

/** The peers and topology part of the store. */
export interface PeerStore {
  /**
   * Inserts or updates a peer learnt first-hand (a connection): addresses and flags are replaced,
   * `last_seen` only moves forward; bounded by `PEER_TABLE_LIMITS.peers`.
   */
  upsertPeer(peer: PeerRecord): void
  /** A known peer, or `undefined`. */
  getPeer(id: NodeId): PeerRecord | undefined
  /** Known peers, most recently seen first. */
  listPeers(options?: { anchorsOnly?: boolean }): PeerRecord[]
  /** Forgets a peer; returns whether it was known. */
  removePeer(id: NodeId): boolean
  /** Puts a peer in a mesh slot (now, unless `connectedAt`). */
  setMeshPeer(id: NodeId, slotKind: SlotKind, connectedAt?: Millis): void
  /** Frees a peer's mesh slot; returns whether it had one. */
  removeMeshPeer(id: NodeId): boolean
  /** Mesh peers, optionally of one slot kind, oldest connection first. */
  listMeshPeers(slotKind?: SlotKind): MeshPeer[]
  /** Replaces everything reachable via `via` at `level` with `nodeIds` (at most 10 000) in one step. */
  replaceReachable(level: 2 | 3, via: NodeId, nodeIds: readonly NodeId[]): void
  /** Reach table rows at `level`, optionally only for `nodeId`. */
  listReachable(level: 2 | 3, nodeId?: NodeId): Reachable[]
  /** Records addresses for a node learned through the social graph. */
  setSocialRoute(id: NodeId, addresses: readonly string[]): void
  /** A social route, or `undefined`. */
  getSocialRoute(id: NodeId): SocialRoute | undefined
  /** Forgets a social route; returns whether there was one. */
  removeSocialRoute(id: NodeId): boolean
}

const SLOT_KINDS: readonly string[] = ['preferred', 'local', 'wide']

/**
 * Bounds of the peers and reach tables (docs/design.md §6). Past `peers`, the least recently seen peer that
 * is neither an anchor nor a follow is evicted; past `reachVias` senders per reach table, the rows
 * of the least recently updated sender that is not a follow go (or the newcomer's, if every sender
 * is a follow). A sybil with many identities thus evicts only other strangers, never a follow, an
 * anchor, or what a follow told us.
 */
export const PEER_TABLE_LIMITS = { peers: 2000, reachVias: 128 } as const

function checkSlotKind(value: unknown, arg: string): asserts value is SlotKind {
  if (typeof value !== 'string' || !SLOT_KINDS.includes(value))
    throw new ValidationError(`${arg}: not a slot kind`)
}
function checkLevel(value: unknown): 'reachable_n2' | 'reachable_n3' {
  if (value === 2) return 'reachable_n2'
  if (value === 3) return 'reachable_n3'
  throw new ValidationError('level: must be 2 or 3')
}

interface PeerRow {
  node_id: NodeId
  addresses: string
  last_seen: number
  is_anchor: number
  introduced_by: NodeId | null
  found_via: FoundVia | null
}
const toPeer = (row: PeerRow): PeerRecord => ({
  ...row,
  addresses: parseStringArray(row.addresses, 'peers.addresses'),
  is_anchor: row.is_anchor === 1,
})
const PEER_COLUMNS = 'node_id, addresses, last_seen, is_anchor, introduced_by, found_via'

/** Builds the peers and topology part over a shared context. */
export function createPeerStore({ db, clock }: StoreContext): PeerStore {
  const evictPeers = (): void => {
    const count = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peers')?.n ?? 0
    const excess = count - PEER_TABLE_LIMITS.peers
    if (excess <= 0) return
    db.run(
      'DELETE FROM peers WHERE node_id IN (SELECT node_id FROM peers WHERE is_anchor = 0 AND ' +
        'node_id NOT IN (SELECT node_id FROM follows) ORDER BY last_seen, node_id LIMIT ?)',
      [excess],
    )
  }
  const evictVias = (table: string, keep: NodeId): void => {
    const vias = db.get<{ n: number }>(`SELECT COUNT(DISTINCT via_peer) AS n FROM ${table}`)?.n ?? 0
    if (vias <= PEER_TABLE_LIMITS.reachVias) return
    const oldest = db.get<{ via_peer: NodeId }>(
      `SELECT via_peer FROM ${table} WHERE via_peer != ? AND via_peer NOT IN (SELECT node_id FROM follows) ` +
        'GROUP BY via_peer ORDER BY max(updated_at), via_peer LIMIT 1',
      [keep],
    )
    db.run(`DELETE FROM ${table} WHERE via_peer = ?`, [oldest?.via_peer ?? keep])
  }
  return {
    upsertPeer(peer) {
      checkObject(peer, 'peer')
      checkNodeId(peer.node_id, 'peer.node_id')
      const addresses = checkStrings(peer.addresses, 'peer.addresses', 32)
      checkMillis(peer.last_seen, 'peer.last_seen')
      if (typeof peer.is_anchor !== 'boolean') throw new ValidationError('peer.is_anchor: must be a boolean')
      if (peer.introduced_by !== null) checkNodeId(peer.introduced_by, 'peer.introduced_by')
      if (peer.found_via !== null && !(FOUND_VIA as readonly string[]).includes(peer.found_via)) {
        throw new ValidationError('peer.found_via: not a discovery step')
      }
      db.run(
        `INSERT INTO peers (${PEER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET ` +
          'addresses = excluded.addresses, last_seen = max(peers.last_seen, excluded.last_seen), ' +
          'is_anchor = excluded.is_anchor, introduced_by = coalesce(peers.introduced_by, excluded.introduced_by), ' +
          'found_via = coalesce(excluded.found_via, peers.found_via)',
        [
          peer.node_id,
          JSON.stringify(addresses),
          peer.last_seen,
          peer.is_anchor ? 1 : 0,
          peer.introduced_by,
          peer.found_via,
        ],
      )
      evictPeers()
    },
    getPeer(id) {
      checkNodeId(id, 'id')
      const row = db.get<PeerRow>(`SELECT ${PEER_COLUMNS} FROM peers WHERE node_id = ?`, [id])
      return row === undefined ? undefined : toPeer(row)
    },
    listPeers(options = {}) {
      checkObject(options, 'options')
      const where = options.anchorsOnly === true ? 'WHERE is_anchor = 1 ' : ''
      return db
        .all<PeerRow>(`SELECT ${PEER_COLUMNS} FROM peers ${where}ORDER BY last_seen DESC, node_id`)
        .map(toPeer)
    },
    removePeer(id) {
      checkNodeId(id, 'id')
      return db.run('DELETE FROM peers WHERE node_id = ?', [id]).changes > 0
    },

    setMeshPeer(id, slotKind, connectedAt) {
      checkNodeId(id, 'id')
      checkSlotKind(slotKind, 'slotKind')
      if (connectedAt !== undefined) checkMillis(connectedAt, 'connectedAt')
      db.run('INSERT OR REPLACE INTO mesh_peers (node_id, slot_kind, connected_at) VALUES (?, ?, ?)', [
        id,
        slotKind,
        connectedAt ?? clock.now(),
      ])
    },
    removeMeshPeer(id) {
      checkNodeId(id, 'id')
      return db.run('DELETE FROM mesh_peers WHERE node_id = ?', [id]).changes > 0
    },
    listMeshPeers(slotKind) {
      if (slotKind === undefined) {
        return db.all<MeshPeer>(
          'SELECT node_id, slot_kind, connected_at FROM mesh_peers ORDER BY connected_at, node_id',
        )
      }
      checkSlotKind(slotKind, 'slotKind')
      return db.all<MeshPeer>(
        'SELECT node_id, slot_kind, connected_at FROM mesh_peers WHERE slot_kind = ? ORDER BY connected_at, node_id',
        [slotKind],
      )
    },

    replaceReachable(level, via, nodeIds) {
      const table = checkLevel(level)
      checkNodeId(via, 'via')
      const ids = checkNodeIds(nodeIds, 'nodeIds')
      const now = clock.now()
      db.transaction(() => {
        db.run(`DELETE FROM ${table} WHERE via_peer = ?`, [via])
        for (const id of ids) {
          db.run(`INSERT INTO ${table} (node_id, via_peer, updated_at) VALUES (?, ?, ?)`, [id, via, now])
        }
        if (ids.length > 0) evictVias(table, via)
      })
    },
    listReachable(level, nodeId) {
      const table = checkLevel(level)
      if (nodeId === undefined) {
        return db.all<Reachable>(
          `SELECT node_id, via_peer, updated_at FROM ${table} ORDER BY node_id, via_peer`,
        )
      }
      checkNodeId(nodeId, 'nodeId')
      return db.all<Reachable>(
        `SELECT node_id, via_peer, updated_at FROM ${table} WHERE node_id = ? ORDER BY via_peer`,
        [nodeId],
      )
    },

    setSocialRoute(id, addresses) {
      checkNodeId(id, 'id')
      const list = checkStrings(addresses, 'addresses', 32)
      db.run('INSERT OR REPLACE INTO social_routes (node_id, addresses, updated_at) VALUES (?, ?, ?)', [
        id,
        JSON.stringify(list),
        clock.now(),
      ])
    },
    getSocialRoute(id) {
      checkNodeId(id, 'id')
      const row = db.get<{ node_id: NodeId; addresses: string; updated_at: number }>(
        'SELECT node_id, addresses, updated_at FROM social_routes WHERE node_id = ?',
        [id],
      )
      return row === undefined
        ? undefined
        : { ...row, addresses: parseStringArray(row.addresses, 'social_routes.addresses') }
    },
    removeSocialRoute(id) {
      checkNodeId(id, 'id')
      return db.run('DELETE FROM social_routes WHERE node_id = ?', [id]).changes > 0
    },
  }
}
