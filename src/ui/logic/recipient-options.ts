/**
 * The DM recipient picker (seed file map: "social-distance-aware recipient dropdown"): the people
 * you follow first, then other known peers, then strangers; never yourself.
 */
import type { PersonView } from '../../core/api/index.ts'

/** A group of the picker, rendered as an `<optgroup>`. */
export interface RecipientGroup {
  label: string
  people: PersonView[]
}

const order: Record<PersonView['relation'], number> = { self: 9, follow: 0, peer: 1, stranger: 2 }
const labels = ['People you follow', 'Other known peers', 'Others']

/** Groups and sorts `people` by social distance, then by display name; drops duplicates and self. */
export function recipientGroups(people: readonly PersonView[]): RecipientGroup[] {
  const seen = new Set<string>()
  const groups: PersonView[][] = [[], [], []]
  for (const p of people) {
    if (p.relation === 'self' || seen.has(p.node_id)) continue
    seen.add(p.node_id)
    const rank = p.following ? 0 : order[p.relation]
    groups[rank]!.push(p)
  }
  const byName = (x: PersonView, y: PersonView) =>
    (x.display_name || x.node_id).localeCompare(y.display_name || y.node_id, undefined, {
      sensitivity: 'base',
    })
  return groups
    .map((g, i) => ({ label: labels[i]!, people: g.sort(byName) }))
    .filter((g) => g.people.length > 0)
}
