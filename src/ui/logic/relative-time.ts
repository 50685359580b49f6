/** Short human times for post cards ("3 min", "2 h", "Mar 4"); pure for testing. */

/**
 * Date formatters built once: `toLocaleDateString` with options builds a new `Intl.DateTimeFormat`
 * on every call, which cost whole milliseconds per frame while scrolling a long feed (issue 12).
 */
const SAME_YEAR = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const OTHER_YEAR = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' })

/** Formats `at` relative to `now` (both epoch ms). */
export function relativeTime(at: number, now: number): string {
  const s = Math.round((now - at) / 1000)
  if (s < 45) return 'just now'
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.round(m / 60)
  if (h < 24) return `${h} h`
  const d = Math.round(h / 24)
  if (d < 7) return `${d} d`
  const date = new Date(at)
  const sameYear = date.getFullYear() === new Date(now).getFullYear()
  return (sameYear ? SAME_YEAR : OTHER_YEAR).format(date)
}
