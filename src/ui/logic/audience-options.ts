/**
 * The composer's audience picker (seed D-1 VisibilityIntent): Public, Friends, each circle, Direct.
 * Pure: turns circles into ordered options and an option back into a `VisibilityIntent`.
 */
import type { CircleView, VisibilityIntent } from '../../core/api/index.ts'
import type { NodeId } from '../../core/model/types.ts'

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
