/** The words for hosting (issue 15): byte figures in plain numbers, the quota sentence, pin labels. */
import type { HostingView } from '../../core/api/index.ts'

/** Bytes as a plain number with a unit: `0 bytes`, `950 bytes`, `12.4 KB`, `3.2 MB` (1 KB = 1000 bytes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} byte${n === 1 ? '' : 's'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = n / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`
}

/** The lines Settings shows for hosting, in order. */
export function hostingLines(h: HostingView): string[] {
  const quotaWhy =
    h.quota === h.starter && 3 * h.asked < h.starter
      ? `the starter allowance; it grows to 3 × what you ask once others hold your posts`
      : '3 × what you ask of others'
  return [
    `Others hold ${formatBytes(h.asked)} of your posts for you (each copy counted).`,
    `You host ${formatBytes(h.hosted)} for others in ${h.hosted_posts} post${h.hosted_posts === 1 ? '' : 's'}, of ${formatBytes(h.quota)} (${quotaWhy}). ${formatBytes(h.spare)} spare.`,
    `Pinned: ${formatBytes(h.pinned)} in ${h.pins.length} post${h.pins.length === 1 ? '' : 's'}, outside the quota.`,
  ]
}

/** What a pin mode is called in menus and lists. */
export const PIN_LABELS = {
  anchor: 'Pinned: serving the original',
  fork: 'Pinned: my own copy',
} as const
