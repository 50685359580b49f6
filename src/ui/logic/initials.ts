/**
 * The letters of a generated avatar (issue 16): up to two initials of a display name, or null when
 * no real name is known yet (an id fragment such as "…HV4uE5" or "12D3KooWAbcd…"), so the identicon stands in.
 */

/** Up to two upper-case initials of `name` (first and last word), or null for no name or an id fragment. */
export function initialsOf(name: string): string | null {
  const trimmed = name.trim()
  if (trimmed === '' || trimmed.startsWith('…') || trimmed.endsWith('…') || trimmed === 'Unnamed') return null
  const words = trimmed.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w))
  if (words.length === 0) return null
  const first = (w: string) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? ''
  const letters = words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words[words.length - 1]!)
  return letters.toLocaleUpperCase()
}
