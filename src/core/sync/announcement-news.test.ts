import { describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { isNews, type NewsSource } from './announcement-news.ts'

const author = '12D3KooWauthor' as NodeId
const id = 'a'.repeat(64) as PostId

function holding(created_at: number, visibility_updated_at: number, tombstoned = false): NewsSource {
  return {
    isTombstoned: () => tombstoned,
    getPost: () => ({ signed: { post: { created_at }, visibility_updated_at } }),
  }
}

describe('isNews', () => {
  it('is news for a post not held, and not for one held with the same time', () => {
    const none: NewsSource = { isTombstoned: () => false, getPost: () => undefined }
    expect(isNews(none, { author, id, created_at: 100 })).toBe(true)
    expect(isNews(holding(100, 100), { author, id, created_at: 100 })).toBe(false)
  })

  it('is news for a delete or a newer header (a later time), not for a header already held or older', () => {
    expect(isNews(holding(100, 100), { author, id, created_at: 500 })).toBe(true)
    expect(isNews(holding(100, 500), { author, id, created_at: 500 })).toBe(false)
    expect(isNews(holding(100, 500), { author, id, created_at: 300 })).toBe(false)
    expect(isNews(holding(100, 500), { author, id, created_at: 900 })).toBe(true)
  })

  it('is never news once the author deleted the post', () => {
    expect(isNews(holding(100, 100, true), { author, id, created_at: 900 })).toBe(false)
  })
})
