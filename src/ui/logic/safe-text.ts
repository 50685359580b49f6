/**
 * Splits post text into plain text and http(s) links so a component can render links as safe
 * anchors and everything else as text (issue "The app", safety). Nothing here produces HTML.
 */

/** A run of post text: plain text, or a URL that is safe to link to. */
export type TextPart = { type: 'text'; text: string } | { type: 'link'; text: string; href: string }

const URL_LIKE = /\bhttps?:\/\/[^\s<>"']+/gi
const TRAILING = /[.,;:!?)\]}]+$/

/** Returns the parts of `text`; only absolute http: and https: URLs become links. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(URL_LIKE)) {
    const start = match.index
    let raw = match[0]
    const trail = TRAILING.exec(raw)?.[0] ?? ''
    raw = raw.slice(0, raw.length - trail.length)
    const href = safeHref(raw)
    if (href === null) continue
    if (start > last) parts.push({ type: 'text', text: text.slice(last, start) })
    parts.push({ type: 'link', text: raw, href })
    last = start + raw.length
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) })
  return parts
}

/** The normalised href if `raw` parses as an http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}
