/** The words for redundancy (issue 15): a quiet badge on a post and one line in Settings — information, never a block. */
import type { RedundancySummary, RedundancyView } from '../../core/api/index.ts'

/** The badge's tooltip for a post with low redundancy, or undefined when there is nothing to say. */
export function lowRedundancyTitle(r: RedundancyView | undefined): string | undefined {
  if (r === undefined || !r.low) return undefined
  const held =
    r.live === 0
      ? 'No other device has been seen holding this post lately'
      : `Only ${r.live} other device${r.live === 1 ? '' : 's'} seen holding this post lately`
  return `${held} (the aim is ${r.target}). It is still yours and still shared; export your data to keep an archive.`
}

/** The Settings line on redundancy. */
export function redundancyLine(s: RedundancySummary): string {
  if (s.own_posts === 0) return 'No posts of yours yet.'
  if (s.low === 0) return `All ${s.own_posts} of your posts are held by at least ${s.target} other devices.`
  const days = Math.round(s.drop_after_ms / 86_400_000)
  const window =
    days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.round(s.drop_after_ms / 3_600_000)} h`
  return `${s.low} of your ${s.own_posts} posts have low redundancy: fewer than ${s.target} other devices seen holding them in the last ${window}.`
}
