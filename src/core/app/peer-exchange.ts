/**
 * What a node tells and learns of the network (docs/design.md §6, seed Phase B/C): the peers protocol
 * share (its own anchors, N1/N2 ids — never follows, never users' addresses) feeding the hint table
 * and the reach tables, and the mesh slots of the seed's social-distance topology (`mesh_peers`).
 */
import type { NodeId } from '../model/index.ts'
import {
  allocateMeshSlots,
  applyPeersMessage,
  type MeshCandidate,
  type PeerHints,
  type PeersProtocolDeps,
  type RoutingState,
  type SocialTier,
} from '../net/index.ts'
import { activeAnchors, anchorNodeId } from './anchors.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** The peers protocol's view of this node; what others say goes to `hints`, never the peers table. */
export function peerExchangeDeps(ctx: NodeContext, hints: PeerHints): PeersProtocolDeps {
  const self = requireIdentity(ctx).nodeId
  return {
    routingState(): RoutingState {
      const anchors = activeAnchors(ctx).flatMap((addr) => {
        const id = anchorNodeId(addr)
        return id === undefined ? [] : [{ id, addrs: [addr] }]
      })
      return {
        anchors,
        mesh: ctx.store.listMeshPeers().map((m) => m.node_id),
        n2: [...new Set(ctx.store.listReachable(2).map((r) => r.node_id))],
      }
    },
    onPeersMessage(from, message) {
      const replaceReachable = (level: 2 | 3, via: NodeId, ids: readonly NodeId[]): void =>
        ctx.store.replaceReachable(level, via, ids)
      applyPeersMessage(from, message, { hints, replaceReachable }, self, ctx.clock.now())
    },
  }
}

/** The social tier of a connected peer (seed: preferred anchors > follows > nearby > pulled-from-us). */
export function tierOf(ctx: NodeContext, id: NodeId, anchorIds: ReadonlySet<string>): SocialTier {
  if (anchorIds.has(id)) return 'preferred-anchor'
  if (ctx.store.isFollowing(id)) return 'follow'
  return 'other'
}

/** Gives the connected peers their mesh slots and records them; returns those left unslotted. */
export function assignMeshSlots(ctx: NodeContext, connected: readonly NodeId[]): NodeId[] {
  const anchorIds = new Set<string>(activeAnchors(ctx).flatMap((a) => anchorNodeId(a) ?? []))
  const now = ctx.clock.now()
  const candidates: MeshCandidate[] = connected.map((id) => ({
    id,
    tier: tierOf(ctx, id, anchorIds),
    lastSeen: ctx.store.getPeer(id)?.last_seen ?? now,
  }))
  const slots = allocateMeshSlots(candidates)
  const slotted = new Map<NodeId, 'preferred' | 'local' | 'wide'>()
  for (const id of slots.preferred) slotted.set(id, 'preferred')
  for (const id of slots.local) slotted.set(id, 'local')
  for (const id of slots.wide) slotted.set(id, 'wide')
  const held = new Map(ctx.store.listMeshPeers().map((m) => [m.node_id, m.slot_kind]))
  const changed = [...slotted].filter(([id, kind]) => held.get(id) !== kind)
  const gone = [...held.keys()].filter((id) => !slotted.has(id))
  if (changed.length + gone.length === 0) return slots.unslotted
  ctx.store.transaction(() => {
    for (const id of gone) ctx.store.removeMeshPeer(id)
    for (const [id, kind] of changed) ctx.store.setMeshPeer(id, kind, now)
  })
  return slots.unslotted
}
