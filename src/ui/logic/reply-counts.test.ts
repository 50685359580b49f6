import { describe, expect, it } from 'vitest'
import type { PostView } from '../../core/api/index.ts'
import { addReplies } from './reply-counts.ts'

const view = (id: string, extra: Partial<PostView> = {}): PostView =>
  ({
    id,
    author: 'a',
    author_name: 'A',
    created_at: 1,
    content: 'x',
    attachments: [],
    audience: { type: 'public' },
    is_own: false,
    ...extra,
  }) as PostView

describe('addReplies', () => {
  it('raises the count of each parent by the replies that arrived for it', () => {
    const posts = [view('p1'), view('p2', { reply_count: 2 })]
    const out = addReplies(posts, [
      view('r1', { reply_to: 'p2' as never }),
      view('r2', { reply_to: 'p2' as never }),
    ])
    expect(out.map((p) => p.reply_count)).toEqual([undefined, 4])
  })

  it('returns the same list when nothing answers a shown post', () => {
    const posts = [view('p1')]
    expect(addReplies(posts, [view('r1', { reply_to: 'elsewhere' as never }), view('p3')])).toBe(posts)
  })
})
