/** Mute, block and undo from any view (issue 16), with the toast that says what happened. */
import type { PersonView } from '../../core/api/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'

/** The moderation levels a person can be set to. */
export type ModerationLevel = 'none' | 'muted' | 'blocked'

const said: Record<ModerationLevel, (name: string) => string> = {
  none: (name) => `${name} is no longer muted or blocked.`,
  muted: (name) => `Muted ${name}: their posts leave your feeds. Only you know.`,
  blocked: (name) => `Blocked ${name}: nothing of theirs reaches you any more. Only you know.`,
}

/** Sets `person`'s level on the node; toasts from `from`. Returns the updated view, or null. */
export async function moderate(
  from: HTMLElement,
  client: RpcClient | null,
  person: PersonView,
  level: ModerationLevel,
): Promise<PersonView | null> {
  if (client === null) return null
  try {
    const view = await client.call('people.moderate', { node_id: person.node_id, level })
    showToast(from, { message: said[level](view.display_name), kind: level === 'none' ? 'info' : 'success' })
    return view
  } catch (err) {
    showToast(from, { message: errorMessage(err), kind: 'error' })
    return null
  }
}

/** A name to show, or a neutral word while only a NodeId fragment is known (issue 16). */
export function nameOrThem(person: Pick<PersonView, 'display_name'>): string {
  const name = person.display_name.trim()
  return name === '' || name.startsWith('…') ? 'them' : name
}
