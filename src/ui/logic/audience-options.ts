/**
 * The composer's audience picker (seed D-1 VisibilityIntent): Public, Friends, each circle, Direct.
 * Pure: turns circles into ordered options and an option back into a `VisibilityIntent`.
 */
import type { CircleView, NodeId, VisibilityIntent } from '../../core/api/index.ts'

/** One entry of the picker; `value` is stable and safe to use as an `<option value>`. */
export interface AudienceOption {
  value: string
  label: string
  kind: VisibilityIntent['type']
}

/** Public first, then Friends, then circles by name (case-insensitive), then Direct. */
export function audienceOptions(circles: readonly CircleView[]): AudienceOption[] {
  const sorted = [...circles].sort((x, y) => x.name.localeCompare(y.name, undefined, { sensitivity: 'base' }))
  return [
    { value: 'public', label: 'Public', kind: 'public' },
    { value: 'friends', label: 'Friends (people you follow)', kind: 'friends' },
    ...sorted.map((c) => ({
      value: `circle:${c.name}`,
      label: `Circle: ${c.name} (${c.members.length})`,
      kind: 'circle' as const,
    })),
    { value: 'direct', label: 'Direct (pick people)', kind: 'direct' },
  ]
}

/** Resolves a picker value to the intent the node expects; `null` if Direct has no recipients. */
export function intentFor(value: string, direct: readonly NodeId[]): VisibilityIntent | null {
  if (value === 'public') return { type: 'public' }
  if (value === 'friends') return { type: 'friends' }
  if (value.startsWith('circle:')) return { type: 'circle', name: value.slice('circle:'.length) }
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
  if (value === 'direct')
    return 'Only the people you pick can read it; each of them sees who else it went to.'
  return null
}
