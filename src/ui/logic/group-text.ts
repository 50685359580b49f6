/**
 * Plain words for groups (issue 14): role names and what each may do, the roles the user can give,
 * and what a refused group action means, read from the node's typed error by name (never by text).
 */
import type { GroupRole, GroupView, NodeId } from '../../core/api/index.ts'

/** The four roles, most privileged first, with their labels. */
export const ROLE_LABELS: Record<GroupRole, string> = {
  admin: 'Admin',
  moderator: 'Moderator',
  poster: 'Poster',
  viewer: 'Viewer',
}

const ROLE_HELP: Record<GroupRole, string> = {
  admin: 'adds and removes anyone, changes roles, posts and reads',
  moderator: 'adds and removes Posters and Viewers, deletes posts, posts and reads',
  poster: 'posts and reads',
  viewer: 'reads only',
}

/** One line on what `role` may do, e.g. "Viewer: reads only". */
export function roleHelp(role: GroupRole): string {
  return `${ROLE_LABELS[role]}: ${ROLE_HELP[role]}`
}

/** The roles the user may give when inviting: any for an Admin, Poster and Viewer for a Moderator. */
export function rolesToGive(group: GroupView): GroupRole[] {
  if (!group.can.includes('add')) return []
  return group.my_role === 'admin' ? ['admin', 'moderator', 'poster', 'viewer'] : ['poster', 'viewer']
}

/** How one member row reads: the name shown, the short tags beside it, and the row's accessible name. */
export interface MemberLine {
  name: string
  tags: string[]
  label: string
}

/**
 * The words of `member`'s row in `group`'s member list: their name ("Unnamed" if blank); the tags
 * "You" for the user (left out when the name already reads "You", as the harness user's does),
 * "Creator", and "Invited" for one who has not signed their accept yet; the accessible name spells
 * it out, e.g. "Alan Kay, Viewer, invited, not joined yet".
 */
export function memberLine(
  group: Pick<GroupView, 'creator'>,
  member: GroupView['members'][number],
  self: NodeId | null,
): MemberLine {
  const name = member.name.trim() === '' ? 'Unnamed' : member.name
  const tags: string[] = []
  const parts = [name, ROLE_LABELS[member.role]]
  if (member.node_id === self && name.toLowerCase() !== 'you') {
    tags.push('You')
    parts[0] = `${name} (you)`
  }
  if (member.node_id === group.creator) {
    tags.push('Creator')
    parts.push('created the group')
  }
  if (!member.joined) {
    tags.push('Invited')
    parts.push('invited, not joined yet')
  }
  return { name, tags, label: parts.join(', ') }
}

/** What the user tried when a group call failed. */
export type GroupAttempt = 'post' | 'invite' | 'set-role' | 'remove' | 'leave' | 'accept' | 'delete'

/**
 * The sentence to show for a failed group call: a role refusal (`GroupRoleError`) and "not in the
 * group" (`NotAGroupMemberError`) in plain words with what to do; anything else by its message.
 */
export function groupErrorText(err: unknown, attempt: GroupAttempt, role: GroupRole | null = null): string {
  const name = err instanceof Error ? err.name : ''
  const message = err instanceof Error && err.message !== '' ? err.message : 'Something went wrong.'
  if (name === 'GroupRoleError') {
    if (attempt === 'post')
      return `As a ${ROLE_LABELS[role ?? 'viewer']} you can read this group but not post in it. Ask an Admin to make you a Poster.`
    return `Your role${role === null ? '' : ` (${ROLE_LABELS[role]})`} does not allow that: ${message}.`
  }
  if (name === 'NotAGroupMemberError') return `This needs membership of the group: ${message}.`
  return message
}
