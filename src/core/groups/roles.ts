/**
 * Group roles (issue 14): what a member may do, not what they may read (every member holds the
 * epoch key). Admin > Moderator > Poster > Viewer.
 */
import { ValidationError } from '../errors.ts'
import type { GroupRole } from '../model/index.ts'

export type { GroupRole }

/** Every role, most privileged first. */
export const GROUP_ROLES: readonly GroupRole[] = ['admin', 'moderator', 'poster', 'viewer']

/** Something a member may try to do; each is checked against the signer's role on every node. */
export type GroupAction = 'post' | 'add' | 'remove' | 'set-role' | 'rekey' | 'delete-others'

const RANK: Record<GroupRole, number> = { admin: 3, moderator: 2, poster: 1, viewer: 0 }

const MIN_ROLE: Record<GroupAction, GroupRole> = {
  post: 'poster',
  add: 'moderator',
  remove: 'moderator',
  'set-role': 'admin',
  rekey: 'moderator',
  'delete-others': 'moderator',
}

/** True iff `role` is one of the four roles. */
export function isGroupRole(v: unknown): v is GroupRole {
  return typeof v === 'string' && (GROUP_ROLES as readonly string[]).includes(v)
}

/** Parses a role. Throws ValidationError naming `what`. */
export function parseGroupRole(v: unknown, what: string): GroupRole {
  if (!isGroupRole(v)) throw new ValidationError(`${what} must be one of ${GROUP_ROLES.join(', ')}`)
  return v
}

/** Whether a member with `role` may do `action` at all. */
export function roleAllows(role: GroupRole, action: GroupAction): boolean {
  return RANK[role] >= RANK[MIN_ROLE[action]]
}

/**
 * Whether `actor` may act on a member who has (or is to get) `target` role: a Moderator adds and
 * removes only Posters and Viewers; an Admin acts on anyone.
 */
export function outranksFor(actor: GroupRole, target: GroupRole): boolean {
  return actor === 'admin' || RANK[actor] > RANK[target]
}
