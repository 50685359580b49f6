/**
 * The link that opens the app with "Follow" filled in (issue 16, "sharing yourself"):
 * `<origin>/#follow=<URL-encoded connect string>`. The pasted value is only pre-filled; the user
 * presses Follow and the node judges it, as with anything typed.
 */
import { checkFollowTarget } from './follow-target.ts'

const PREFIX = '#follow='

/** The app link that pre-fills Follow with `connect`. */
export function followLink(origin: string, connect: string): string {
  return `${origin}/${PREFIX}${encodeURIComponent(connect)}`
}

/** The connect string or NodeId a `#follow=` hash carries, or null if it carries none that could be one. */
export function followFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null
  let text: string
  try {
    text = decodeURIComponent(hash.slice(PREFIX.length)).trim()
  } catch {
    return null
  }
  return checkFollowTarget(text) === null ? text : null
}
