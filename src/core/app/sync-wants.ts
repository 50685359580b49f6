/**
 * Whom this node asks for in sync (docs/design.md §5): itself, its follows — never anyone blocked — and,
 * so a stranger is shown by name as soon as their first message arrives (issue 16), the few
 * people who wrote to it whose profile it does not hold yet.
 */
import type { NodeId } from '../model/index.ts'
import { blockedIds } from './moderation.ts'
import type { NodeContext } from './node-context.ts'

/** How many profile-less correspondents are asked for at most per sync. */
export const MAX_STRANGER_WANTS = 16

/** DM partners and authors of replies to one's posts without a held profile, most recent first. */
export function strangersWithoutProfile(ctx: NodeContext, limit = MAX_STRANGER_WANTS): NodeId[] {
  const self = ctx.identity?.nodeId ?? ''
  return ctx.store.db
    .all<{ peer: NodeId }>(
      'SELECT peer FROM (SELECT p.dm_peer AS peer, p.created_at AS at FROM posts p ' +
        'WHERE p.dm_peer IS NOT NULL UNION ALL SELECT r.author AS peer, r.created_at AS at FROM posts o ' +
        'JOIN posts r ON r.reply_to = o.id WHERE o.author = ? AND r.author != ?) ' +
        'LEFT JOIN profiles pr ON pr.author = peer WHERE pr.author IS NULL GROUP BY peer ' +
        'ORDER BY max(at) DESC LIMIT ?',
      [self, self, limit],
    )
    .map((r) => r.peer)
}

/** The authors to want from every peer, self first. */
export function syncWants(ctx: NodeContext, self: NodeId): NodeId[] {
  const blocked = new Set<string>(blockedIds(ctx))
  const wants = new Set<NodeId>([self])
  for (const f of ctx.store.listFollows()) if (!blocked.has(f.node_id)) wants.add(f.node_id)
  for (const s of strangersWithoutProfile(ctx)) if (!blocked.has(s)) wants.add(s)
  return [...wants]
}
