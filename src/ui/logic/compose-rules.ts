/**
 * What the composer allows before it calls the node (seed Phase E "char count"; LIMITS from the
 * model). The node checks again; this gives the user the reason before they press Post.
 */
import { LIMITS } from '../../core/api/index.ts'

/** The composer's verdict: may it post, and if not, what to tell the user. */
export interface ComposeCheck {
  ok: boolean
  /** Characters counted as the node counts them (UTF-16 code points, not bytes). */
  chars: number
  remaining: number
  message?: string
}

/** Counts characters the way a person does: by code point, so an emoji is one. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** Checks post text and attachment count against LIMITS.postChars / LIMITS.attachments. */
export function checkCompose(
  text: string,
  attachments: number,
  limit: number = LIMITS.postChars,
): ComposeCheck {
  const chars = countChars(text)
  const remaining = limit - chars
  if (chars > limit) {
    return {
      ok: false,
      chars,
      remaining,
      message: `Too long: ${chars - limit} characters over the ${limit} limit.`,
    }
  }
  if (attachments > LIMITS.attachments) {
    return { ok: false, chars, remaining, message: `At most ${LIMITS.attachments} images per post.` }
  }
  if (text.trim() === '' && attachments === 0) {
    return { ok: false, chars, remaining, message: 'Write something or attach an image.' }
  }
  return { ok: true, chars, remaining }
}

/** Checks a display name for setup and profile edit; returns the message to show or null. */
export function checkDisplayName(name: string): string | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'Enter a display name — it is how people will see you.'
  if (countChars(trimmed) > LIMITS.displayNameChars)
    return `A display name has at most ${LIMITS.displayNameChars} characters.`
  return null
}

/** Checks a bio; returns the message to show or null. */
export function checkBio(bio: string): string | null {
  return countChars(bio) > LIMITS.bioChars ? `A bio has at most ${LIMITS.bioChars} characters.` : null
}
