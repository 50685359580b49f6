/**
 * The composer's audience picker (seed D-1 VisibilityIntent): Public, Friends, each circle, each
 * group (issue 14), Direct. Pure: turns circles and groups into ordered options and an option back
 * into a `VisibilityIntent`.
 */
import type { CircleView, GroupId, GroupView, NodeId, VisibilityIntent } from '../../core/api/index.ts'

/** One entry of the picker; `value` is stable and safe to use as an `<option value>`. */
export interface AudienceOption {
  value: string
  label: string
  kind: VisibilityIntent['type']
}

const byName = (x: { name: string }, y: { name: string }) =>
  x.name.localeCompare(y.name, undefined, { sensitivity: 'base' })

/**
 * Public first, then Friends, circles by name (case-insensitive), the groups the user is in and
 * accepted (by name; a Viewer's too, so they see why they may not post), then Direct.
 */
export function audienceOptions(
  circles: readonly CircleView[],
  groups: readonly GroupView[] = [],
): AudienceOption[] {
  const sorted = [...circles].sort(byName)
  const mine = groups.filter((g) => g.accepted && g.my_role !== null).sort(byName)
  return [
    { value: 'public', label: 'Public', kind: 'public' },
    { value: 'friends', label: 'Friends (people you follow)', kind: 'friends' },
    ...sorted.map((c) => ({
      value: `circle:${c.name}`,
      label: `Circle: ${c.name} (${c.members.length})`,
      kind: 'circle' as const,
    })),
    ...mine.map((g) => ({
      value: `group:${g.id}`,
      label: `Group: ${g.name}${g.can.includes('post') ? '' : ' (read only)'}`,
      kind: 'group' as const,
    })),
    { value: 'direct', label: 'Direct (pick people)', kind: 'direct' },
  ]
}

/** Resolves a picker value to the intent the node expects; `null` if Direct has no recipients. */
export function intentFor(value: string, direct: readonly NodeId[]): VisibilityIntent | null {
  if (value === 'public') return { type: 'public' }
  if (value === 'friends') return { type: 'friends' }
  if (value.startsWith('circle:')) return { type: 'circle', name: value.slice('circle:'.length) }
  if (value.startsWith('group:')) return { type: 'group', id: value.slice('group:'.length) as GroupId }
  if (value === 'direct') return direct.length === 0 ? null : { type: 'direct', recipients: [...direct] }
  return null
}

/**
 * What the chosen audience reveals, in plain words, shown where the user picks it (issue 10
 * "Friends posts show their cost"); `null` when there is nothing to add.
 */
export function audienceCost(value: string): string | null {
  if (value === 'public') return 'Anyone can read this post.'
  if (value === 'friends')
    return 'Only the people you follow can read it, but it lists every one of them as a recipient: everyone who receives or holds the post (recipients and anchors) sees the whole list.'
  if (value.startsWith('circle:'))
    return 'Only this circle can read it; every recipient and anchor that holds it sees the list of members.'
  if (value.startsWith('group:'))
    return "Only the group's members can read it; it is sealed once for the group's key and names the group, not its members."
  if (value === 'direct')
    return 'Only the people you pick can read it; each of them sees who else it went to.'
  return null
}
