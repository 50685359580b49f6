/** The words of a post card's audience badge (seed Phase E; a group's name, issue 14). */
import type { AudienceView } from '../../core/api/index.ts'

/**
 * The badge text for `a`: a group post shows the name the viewer's own node holds (`a.name`), or
 * `groupName` where the list knows it, and just "Group" once the viewer no longer holds the group.
 */
export function audienceLabel(a: AudienceView, groupName: string | null = null): string {
  switch (a.type) {
    case 'public':
      return 'Public'
    case 'friends':
      return 'Friends'
    case 'circle':
      return `Circle: ${a.name}`
    case 'direct':
      return `Direct (${a.recipients.length})`
    case 'encrypted':
      // The envelope's list is padded (model/envelope-padding.ts): its length is not the audience.
      return 'Encrypted'
    case 'group': {
      const name = a.name ?? groupName
      return name === null ? 'Group' : `Group: ${name}`
    }
  }
}
