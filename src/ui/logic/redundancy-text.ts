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

/** A holder timeout in words: `1 day`, `6 h`, `5 min`, `40 s` (rounded, in the largest unit that fits). */
export function timeoutWords(ms: number): string {
  const days = Math.round(ms / 86_400_000)
  if (ms >= 86_400_000) return `${days} day${days === 1 ? '' : 's'}`
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.max(1, Math.round(ms / 1000))} s`
}

/** The Settings line on redundancy. */
export function redundancyLine(s: RedundancySummary): string {
  if (s.own_posts === 0) return 'No posts of yours yet.'
  const devices = `${s.target} other device${s.target === 1 ? '' : 's'}`
  const all = s.own_posts === 1 ? 'Your post is' : `All ${s.own_posts} of your posts are`
  if (s.low === 0) return `${all} held by at least ${devices}.`
  const window = timeoutWords(s.drop_after_ms)
  const which =
    s.own_posts === 1
      ? 'Your post has'
      : `${s.low} of your ${s.own_posts} posts ${s.low === 1 ? 'has' : 'have'}`
  const seen = s.target === 1 ? 'no other device seen holding' : `fewer than ${devices} seen holding`
  return `${which} low redundancy: ${seen} ${s.own_posts === 1 ? 'it' : 'them'} in the last ${window}.`
}
