import { describe, expect, it } from 'vitest'
import { encryptForRecipients } from './envelope.ts'
import { createPost } from './post.ts'
import { shouldSendPost } from './should-send-post.ts'
import { ALICE, BOB, CAROL, NOW } from './test-support/fixtures.ts'
import type { NodeId } from './types.ts'

const none = new Set<NodeId>()
const publicPost = await createPost(
  { identity: ALICE, content: 'hi', attachments: [], created_at: NOW },
  { type: 'public' },
)
const { visibility, content } = await encryptForRecipients({
  plaintext: 'for bob',
  attachments: [],
  recipients: [ALICE.nodeId, BOB.nodeId],
  author: ALICE.nodeId,
  created_at: NOW,
})
const encryptedPost = await createPost(
  { identity: ALICE, content, attachments: [], created_at: NOW },
  visibility,
)

describe('shouldSendPost', () => {
  it('sends the author their own posts, whatever they asked for', () => {
    expect(shouldSendPost(publicPost, ALICE.nodeId, none)).toBe(true)
    expect(shouldSendPost(encryptedPost, ALICE.nodeId, none)).toBe(true)
  })

  it('sends a public post when its author is wanted', () => {
    expect(shouldSendPost(publicPost, CAROL.nodeId, new Set([ALICE.nodeId]))).toBe(true)
  })

  it('withholds a public post whose author was not asked for', () => {
    expect(shouldSendPost(publicPost, CAROL.nodeId, new Set([BOB.nodeId]))).toBe(false)
  })

  it('sends an encrypted post to a recipient even without asking for the author', () => {
    expect(shouldSendPost(encryptedPost, BOB.nodeId, none)).toBe(true)
  })

  it('withholds an encrypted post from a non-recipient who wants its author', () => {
    expect(shouldSendPost(encryptedPost, CAROL.nodeId, new Set([ALICE.nodeId]))).toBe(false)
  })

  it('is not confused by padding: the real recipients get a padded post, outsiders still do not', async () => {
    const sealed = await encryptForRecipients(
      {
        plaintext: 'dm',
        attachments: [],
        recipients: [ALICE.nodeId, BOB.nodeId],
        author: ALICE.nodeId,
        created_at: NOW,
      },
      { pad: true },
    )
    const padded = await createPost(
      { identity: ALICE, content: sealed.content, attachments: [], created_at: NOW },
      sealed.visibility,
    )
    expect(sealed.visibility.recipients).toHaveLength(8)
    expect(shouldSendPost(padded, BOB.nodeId, none)).toBe(true)
    expect(shouldSendPost(padded, CAROL.nodeId, new Set([ALICE.nodeId, BOB.nodeId]))).toBe(false)
  })
})
