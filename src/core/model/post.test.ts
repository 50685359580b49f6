import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { blake3, fromHex, toHex } from '../crypto/index.ts'
import { decodeCanonical, encodeCanonical } from './canonical.ts'
import { encryptForRecipients } from './envelope.ts'
import { generateIdentity } from './identity.ts'
import {
  computePostId,
  createPost,
  newerVisibility,
  signPost,
  updateVisibility,
  verifiedEncodingOf,
  verifyPost,
} from './post.ts'
import { ALICE, BOB, CAROL, NOW } from './test-support/fixtures.ts'
import { LIMITS, type Post, type PostId, type SignedPost } from './types.ts'

const PUBLIC = { type: 'public' } as const

function publicPost(content = 'hello world'): Promise<SignedPost> {
  return createPost({ identity: ALICE, content, attachments: [], created_at: NOW }, PUBLIC)
}

/** An encrypted visibility of a one-letter post of Alice's, for Bob. */
async function visibilityForBob() {
  const { visibility } = await encryptForRecipients({
    plaintext: 'x',
    attachments: [],
    recipients: [BOB.nodeId],
    author: ALICE.nodeId,
    created_at: NOW,
  })
  return visibility
}

async function expectRejected(candidate: unknown, name: string, now = NOW): Promise<void> {
  await expect(verifyPost(candidate, now)).rejects.toMatchObject({ name })
}

describe('posts', () => {
  it('addresses a post by the BLAKE3 of its canonical CBOR', async () => {
    const sp = await publicPost()
    expect(sp.id).toBe(toHex(blake3(encodeCanonical(sp.post))))
    expect(sp.id).toMatch(/^[0-9a-f]{64}$/)
  })

  it('leaves an absent reply_to out of the id instead of encoding undefined', async () => {
    const post: Post = { v: 1, author: ALICE.nodeId, created_at: NOW, content: 'x', attachments: [] }
    expect(computePostId({ ...post, reply_to: undefined } as unknown as Post)).toBe(computePostId(post))
  })

  it('verifies a post it signed, and one that went through CBOR and back', async () => {
    const sp = await publicPost()
    await expect(verifyPost(sp, NOW)).resolves.toEqual(sp)
    await expect(verifyPost(decodeCanonical(encodeCanonical(sp)), NOW)).resolves.toEqual(sp)
  })

  it('keeps the id when only the visibility changes, and the newer visibility wins', async () => {
    const sp = await publicPost()
    const visibility = await visibilityForBob()
    const updated = await updateVisibility(ALICE, sp, visibility, NOW)
    expect(updated.id).toBe(sp.id)
    expect(updated.visibility_updated_at).toBe(NOW + 1)
    expect(newerVisibility(sp, updated)).toBe(updated)
    await expect(verifyPost(updated, NOW)).resolves.toBeDefined()
    await expect(updateVisibility(BOB, sp, visibility, NOW)).rejects.toMatchObject({
      name: 'ValidationError',
    })
  })

  it('refuses to sign a post for another author', async () => {
    const sp = await publicPost()
    await expect(signPost(BOB, sp.post, PUBLIC, NOW)).rejects.toMatchObject({ name: 'ValidationError' })
  })

  it('rejects a post whose id does not match its content', async () => {
    const sp = await publicPost()
    await expectRejected({ ...sp, post: { ...sp.post, content: 'changed' } }, 'IdMismatchError')
    await expectRejected({ ...sp, id: '0'.repeat(64) }, 'IdMismatchError')
  })

  it('rejects a post re-signed by someone other than its author', async () => {
    const forged = await signPost(CAROL, { ...(await publicPost()).post, author: CAROL.nodeId }, PUBLIC, NOW)
    const claimsAlice = { ...forged.post, author: ALICE.nodeId }
    await expectRejected(
      { ...forged, post: claimsAlice, id: computePostId(claimsAlice) },
      'InvalidSignatureError',
    )
  })

  it('rejects a visibility swapped in without the author signature', async () => {
    const sp = await publicPost()
    const visibility = await visibilityForBob()
    await expectRejected({ ...sp, visibility }, 'InvalidSignatureError')
    await expectRejected({ ...sp, visibility_updated_at: NOW + 5 }, 'InvalidSignatureError')
  })

  it('rejects timestamps more than 15 minutes in the future but accepts ones just inside', async () => {
    const future = (t: number) =>
      createPost({ identity: ALICE, content: 'x', attachments: [], created_at: t }, PUBLIC)
    const edge = NOW + LIMITS.futureSkewMs
    await expect(verifyPost(await future(edge), NOW)).resolves.toBeDefined()
    const tooFar = await signPostUnchecked(edge + 1)
    await expectRejected(tooFar, 'FutureTimestampError')
  })

  it.each([
    ['an extra field', (sp: SignedPost) => ({ ...sp, extra: 1 })],
    ['an extra post field', (sp: SignedPost) => ({ ...sp, post: { ...sp.post, x: 1 } })],
    ['a missing field', (sp: SignedPost) => ({ ...sp, signature: undefined })],
    ['a string timestamp', (sp: SignedPost) => ({ ...sp, post: { ...sp.post, created_at: String(NOW) } })],
    ['a float timestamp', (sp: SignedPost) => ({ ...sp, post: { ...sp.post, created_at: NOW + 0.5 } })],
    ['a wrong version', (sp: SignedPost) => ({ ...sp, post: { ...sp.post, v: 2 } })],
    ['a short signature', (sp: SignedPost) => ({ ...sp, signature: sp.signature.subarray(1) })],
    ['an uppercase id', (sp: SignedPost) => ({ ...sp, id: sp.id.toUpperCase() })],
    ['an unknown visibility', (sp: SignedPost) => ({ ...sp, visibility: { type: 'friends' } })],
    ['not an object', () => 'post'],
    ['null', () => null],
  ])('rejects %s with ValidationError', async (_name, mutate) => {
    await expectRejected(mutate(await publicPost()), 'ValidationError')
  })

  it('rejects an author that is not a NodeId', async () => {
    const sp = await publicPost()
    await expectRejected({ ...sp, post: { ...sp.post, author: 'bob' } }, 'InvalidNodeIdError')
  })

  it('enforces the text, attachment and recipient limits', async () => {
    await expect(publicPost('x'.repeat(LIMITS.postChars + 1))).rejects.toMatchObject({
      name: 'TooLargeError',
    })
    const big = { blob: '1'.repeat(64) as never, mime: 'image/webp', size: LIMITS.blobBytes + 1 }
    await expect(
      createPost({ identity: ALICE, content: '', attachments: [big], created_at: NOW }, PUBLIC),
    ).rejects.toMatchObject({ name: 'TooLargeError' })
    const five = Array.from({ length: 5 }, () => ({ ...big, size: 1 }))
    await expect(
      createPost({ identity: ALICE, content: '', attachments: five, created_at: NOW }, PUBLIC),
    ).rejects.toMatchObject({ name: 'TooLargeError' })
    const recipients = Array.from({ length: 501 }, () => ({
      recipient: generateIdentity().nodeId,
      wrapped: new Uint8Array(73),
    }))
    await expect(
      createPost(
        { identity: ALICE, content: '', attachments: [], created_at: NOW },
        { type: 'encrypted', v: 1, ephemeral_pub: new Uint8Array(32), recipients },
      ),
    ).rejects.toMatchObject({ name: 'TooManyRecipientsError' })
  })

  it('counts characters as code points, so 5000 emoji are allowed', async () => {
    await expect(publicPost('😀'.repeat(LIMITS.postChars))).resolves.toBeDefined()
  })

  it('rejects any single-byte change of a signature or of the content', async () => {
    const sp = await publicPost('the quick brown fox')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('signature', 'visibility_signature', 'content' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (field, index, delta) => {
          let candidate: unknown
          if (field === 'content') {
            const bytes = new TextEncoder().encode(sp.post.content)
            const i = index % bytes.length
            bytes[i] = (bytes[i]! + delta) % 128
            const content = new TextDecoder().decode(bytes)
            fc.pre(content !== sp.post.content)
            candidate = { ...sp, post: { ...sp.post, content } }
          } else {
            const sig = sp[field].slice()
            sig[index % 64]! ^= delta
            candidate = { ...sp, [field]: sig }
          }
          await expect(verifyPost(candidate, NOW)).rejects.toThrow()
        },
      ),
      { numRuns: 60 },
    )
  })
})

/** Signs a post whose created_at is beyond the skew (createPost would refuse to return it). */
async function signPostUnchecked(createdAt: number): Promise<SignedPost> {
  return signPost(
    ALICE,
    { v: 1, author: ALICE.nodeId, created_at: createdAt, content: 'x', attachments: [] },
    PUBLIC,
    createdAt,
  )
}

describe('encodings of verified posts (issue 12)', () => {
  it('keeps the canonical bytes it hashed, for the very objects it returned', async () => {
    const verified = await verifyPost(decodeCanonical(encodeCanonical(await publicPost('kept'))), NOW)
    expect(verifiedEncodingOf(verified.post)).toEqual(encodeCanonical(verified.post))
    expect(verifiedEncodingOf(verified.visibility)).toEqual(encodeCanonical(verified.visibility))
    // each call hands out a copy: changing it changes nothing kept
    verifiedEncodingOf(verified.post)?.fill(0)
    expect(verifiedEncodingOf(verified.post)).toEqual(encodeCanonical(verified.post))
  })

  it('freezes what it keeps bytes of, so a post changed after verification cannot use them', async () => {
    const verified = await publicPost()
    const post = verified.post as { content: string; attachments: unknown[] }
    expect(() => {
      post.content = 'forged'
    }).toThrow(TypeError)
    expect(() => post.attachments.push({ blob: 'x', mime: 'text/plain', size: 1 })).toThrow(TypeError)
    expect(verified.post.content).toBe('hello world')
    // a changed copy is another object: it has no bytes kept, so whoever stores it encodes it again
    const forged = { ...verified.post, content: 'forged' }
    expect(verifiedEncodingOf(forged)).toBeUndefined()
    expect(verifiedEncodingOf({ ...verified.visibility })).toBeUndefined()
  })

  it("keeps nothing for the caller's own (unfrozen) objects, nor for an encrypted visibility (bytes can change)", async () => {
    const sp = await publicPost()
    const candidate = { ...sp, post: { ...sp.post } }
    const verified = await verifyPost(candidate, NOW)
    expect(verified.post).not.toBe(candidate.post)
    expect(Object.isFrozen(candidate.post)).toBe(false)
    expect(verifiedEncodingOf(candidate.post)).toBeUndefined()
    await expect(verifyPost({ ...candidate, signature: new Uint8Array(64) }, NOW)).rejects.toMatchObject({
      name: 'InvalidSignatureError',
    })
    const visibility = await visibilityForBob()
    const encrypted = await updateVisibility(ALICE, sp, visibility, NOW)
    expect(verifiedEncodingOf(encrypted.visibility)).toBeUndefined()
    expect(verifiedEncodingOf(encrypted.post)).toEqual(encodeCanonical(encrypted.post))
  })
})

describe('id bytes', () => {
  it('signs the 32 raw id bytes, not the hex string', async () => {
    const sp = await publicPost()
    expect(fromHex(sp.id as PostId)).toHaveLength(32)
  })
})
