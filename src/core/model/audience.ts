/** Resolves what the composer picked into recipients, at post creation time (seed D-1). */
import { NotFoundError, TooManyRecipientsError, ValidationError } from '../errors.ts'
import { parseNodeId } from './node-id.ts'
import { LIMITS, type NodeId, type VisibilityIntent } from './types.ts'

/** What resolving an intent needs to know about the user. */
export interface AudienceContext {
  self: NodeId
  /** Everyone the user follows ("Friends" = all follows, seed D-1). */
  follows: readonly NodeId[]
  circles: ReadonlyMap<string, readonly NodeId[]>
}

/**
 * `'public'`, or the distinct recipients of an encrypted post with the author always included so
 * they can read their own post on another device. Errors: NotFoundError (unknown circle),
 * ValidationError (empty circle or direct list), TooManyRecipientsError (> 500), InvalidNodeIdError.
 */
export function resolveRecipients(intent: VisibilityIntent, ctx: AudienceContext): NodeId[] | 'public' {
  let chosen: readonly NodeId[]
  switch (intent.type) {
    case 'public':
      return 'public'
    case 'friends':
      chosen = ctx.follows
      break
    case 'circle': {
      const members = ctx.circles.get(intent.name)
      if (members === undefined) throw new NotFoundError(`no circle named ${intent.name}`)
      if (members.length === 0) throw new ValidationError(`circle ${intent.name} has no members`)
      chosen = members
      break
    }
    case 'direct':
      if (intent.recipients.length === 0)
        throw new ValidationError('a direct post needs at least one recipient')
      chosen = intent.recipients
      break
    default:
      throw new ValidationError('unknown visibility intent')
  }
  const all = [...new Set([parseNodeId(ctx.self), ...chosen.map((r) => parseNodeId(r))])]
  if (all.length > LIMITS.recipients)
    throw new TooManyRecipientsError(`more than ${LIMITS.recipients} recipients`)
  return all
}
