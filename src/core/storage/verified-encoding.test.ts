import { describe, expect, it, vi } from 'vitest'
import {
  createPost,
  decodeCanonical,
  encodeCanonical,
  type SignedPost,
  type Verified,
  verifyPost,
} from '../model/index.ts'
// deep import: a real signed post needs the model's test identities, not storage's fabricated ones
import { ALICE, NOW } from '../model/test-support/fixtures.ts'
import * as codec from './record-codec.ts'
import { openTestStore } from './test-support/fixtures.ts'

vi.mock('./record-codec.ts', async (importOriginal) => {
  const original = await importOriginal<typeof codec>()
  return { ...original, encodeRecord: vi.fn(original.encodeRecord) }
})

/** A post as a peer sends it: signed elsewhere, decoded from the wire, then verified here. */
async function received(content: string): Promise<Verified<SignedPost>> {
  const signed = await createPost(
    { identity: ALICE, content, attachments: [], created_at: NOW },
    { type: 'public' },
  )
  return verifyPost(decodeCanonical(encodeCanonical(signed)), NOW)
}

/** The calls of `encodeRecord` that encoded `value` (by identity). */
const encodingsOf = (value: unknown): number =>
  vi.mocked(codec.encodeRecord).mock.calls.filter(([arg]) => arg === value).length

describe('the store and the encodings verifyPost kept (issue 12)', () => {
  it('writes the bytes verifyPost hashed instead of encoding a verified post again', async () => {
    const store = await openTestStore()
    const post = await received('kept bytes')
    vi.mocked(codec.encodeRecord).mockClear()
    expect(store.putPosts([{ post }])).toEqual(['inserted'])
    expect(encodingsOf(post.post)).toBe(0)
    expect(encodingsOf(post.visibility)).toBe(0)
    const row = store.db.get<{ post_bytes: Uint8Array }>('SELECT post_bytes FROM posts WHERE id = ?', [
      post.id,
    ])
    expect(row?.post_bytes).toEqual(encodeCanonical(post.post))
    expect(store.getPost(post.id)?.signed).toEqual(post)
  })

  it('encodes a changed copy of a verified post itself, never writing the stale bytes', async () => {
    const store = await openTestStore()
    const post = await received('what was signed')
    // a lying caller: the frozen post cannot change in place, so it passes a changed copy
    expect(() => {
      ;(post.post as { content: string }).content = 'forged'
    }).toThrow(TypeError)
    const forged = { ...post, post: { ...post.post, content: 'forged' } } as Verified<SignedPost>
    vi.mocked(codec.encodeRecord).mockClear()
    expect(store.putPost(forged)).toBe('inserted')
    expect(encodingsOf(forged.post)).toBe(1)
    expect(store.getPost(post.id)?.signed.post.content).toBe('forged')
  })
})
