/**
 * Mute and block (issue 16), local and private: they live in this node's settings and never leave
 * it except in the user's own data export. Muted authors vanish from feeds; blocked ones also from
 * DMs and requests, are never asked for in sync, and their items are refused on arrival.
 */
import { ValidationError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { isStringArray, type NodeContext, requireIdentity } from './node-context.ts'

/** How this node treats someone. */
export type ModerationLevel = 'none' | 'muted' | 'blocked'

const MUTED_KEY = 'moderation.muted'
const BLOCKED_KEY = 'moderation.blocked'
/** At most this many of each (a setting holds at most 64 KiB; a NodeId is 52 characters). */
export const MAX_MODERATED = 1000

/** The muted NodeIds, oldest first. */
export function mutedIds(ctx: NodeContext): NodeId[] {
  return (ctx.store.getSetting(MUTED_KEY, isStringArray) ?? []) as NodeId[]
}

/** The blocked NodeIds, oldest first. */
export function blockedIds(ctx: NodeContext): NodeId[] {
  return (ctx.store.getSetting(BLOCKED_KEY, isStringArray) ?? []) as NodeId[]
}

/** Authors whose posts stay out of every feed: muted and blocked. */
export function hiddenAuthors(ctx: NodeContext): NodeId[] {
  return [...new Set([...mutedIds(ctx), ...blockedIds(ctx)])]
}

/** Whether `id` is blocked. */
export function isBlocked(ctx: NodeContext, id: NodeId): boolean {
  return blockedIds(ctx).includes(id)
}

/** How `id` is treated now. */
export function moderationOf(ctx: NodeContext, id: NodeId): ModerationLevel {
  if (isBlocked(ctx, id)) return 'blocked'
  return mutedIds(ctx).includes(id) ? 'muted' : 'none'
}

/** Mutes, blocks (and unfollows) or clears `id`; one level at a time, blocking replaces a mute. */
export function setModeration(ctx: NodeContext, id: NodeId, level: ModerationLevel): void {
  if (id === requireIdentity(ctx).nodeId) throw new ValidationError('you cannot mute or block yourself')
  const muted = mutedIds(ctx).filter((m) => m !== id)
  const blocked = blockedIds(ctx).filter((b) => b !== id)
  if (level === 'muted') muted.push(id)
  if (level === 'blocked') blocked.push(id)
  if (muted.length > MAX_MODERATED || blocked.length > MAX_MODERATED) {
    throw new ValidationError(`at most ${MAX_MODERATED} muted and ${MAX_MODERATED} blocked people`)
  }
  ctx.store.transaction(() => {
    ctx.store.setSetting(MUTED_KEY, muted)
    ctx.store.setSetting(BLOCKED_KEY, blocked)
    // Blocking ends a follow: nothing of theirs is wanted any more.
    if (level === 'blocked') ctx.store.unfollow(id)
  })
  ctx.emit({ type: 'moderation.changed' })
  ctx.emit({ type: 'people.changed' })
  ctx.emit({ type: 'messages.changed' })
}

/** Merges muted and blocked lists from a data file (a block wins over a mute). */
export function mergeModeration(ctx: NodeContext, lists: { muted: NodeId[]; blocked: NodeId[] }): void {
  const self = requireIdentity(ctx).nodeId
  const blocked = [...new Set([...blockedIds(ctx), ...lists.blocked])].filter((b) => b !== self)
  const muted = [...new Set([...mutedIds(ctx), ...lists.muted])].filter(
    (m) => m !== self && !blocked.includes(m),
  )
  ctx.store.setSetting(BLOCKED_KEY, blocked.slice(0, MAX_MODERATED))
  ctx.store.setSetting(MUTED_KEY, muted.slice(0, MAX_MODERATED))
}
