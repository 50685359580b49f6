import { describe, expect, it } from 'vitest'
import { utf8 } from '../crypto/index.ts'
import {
  blobIdOf,
  isValidBlobId,
  signDeleteRequest,
  signProfile,
  verifyDeleteRequest,
  verifyProfile,
} from './records.ts'
import { ALICE, BOB, NOW } from './test-support/fixtures.ts'
import { LIMITS, type PostId, type Profile } from './types.ts'

const profile: Profile = {
  v: 1,
  author: ALICE.nodeId,
  display_name: 'Alice',
  bio: 'hello',
  anchors: ['/dns4/shareat.app/tcp/443/wss'],
  updated_at: NOW,
}

describe('signed profiles', () => {
  it('verifies a signed profile, with and without an avatar', async () => {
    const signed = await signProfile(ALICE, profile)
    await expect(verifyProfile(signed, NOW)).resolves.toEqual(signed)
    const withAvatar = await signProfile(ALICE, { ...profile, avatar: blobIdOf(utf8('png')) })
    await expect(verifyProfile(withAvatar, NOW)).resolves.toEqual(withAvatar)
  })

  it('rejects a profile changed after signing, or signed by someone else', async () => {
    const signed = await signProfile(ALICE, profile)
    await expect(
      verifyProfile({ ...signed, record: { ...profile, bio: 'evil' } }, NOW),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureError',
    })
    const bobs = await signProfile(BOB, { ...profile, author: BOB.nodeId })
    await expect(verifyProfile({ ...bobs, record: profile }, NOW)).rejects.toMatchObject({
      name: 'InvalidSignatureError',
    })
    await expect(signProfile(BOB, profile)).rejects.toMatchObject({ name: 'ValidationError' })
  })

  it.each([
    ['a blank display name', { display_name: '   ' }, 'ValidationError'],
    ['a 65-character display name', { display_name: 'x'.repeat(65) }, 'TooLargeError'],
    ['a 501-character bio', { bio: 'x'.repeat(LIMITS.bioChars + 1) }, 'TooLargeError'],
    ['five anchors', { anchors: ['a', 'b', 'c', 'd', 'e'] }, 'TooLargeError'],
    ['a 257-character anchor', { anchors: ['x'.repeat(257)] }, 'ValidationError'],
    ['a non-hex avatar', { avatar: 'cat.png' }, 'ValidationError'],
    ['an extra field', { admin: true }, 'ValidationError'],
  ])('rejects %s', async (_name, change, error) => {
    const signed = await signProfile(ALICE, profile)
    await expect(verifyProfile({ ...signed, record: { ...profile, ...change } }, NOW)).rejects.toMatchObject({
      name: error,
    })
  })

  it('rejects a profile dated more than 15 minutes ahead', async () => {
    const signed = await signProfile(ALICE, { ...profile, updated_at: NOW + LIMITS.futureSkewMs + 1 })
    await expect(verifyProfile(signed, NOW)).rejects.toMatchObject({ name: 'FutureTimestampError' })
    await expect(verifyProfile(signed, NOW + 1)).resolves.toBeDefined()
  })
})

describe('signed delete requests', () => {
  const request = { v: 1 as const, author: ALICE.nodeId, post_id: 'a'.repeat(64) as PostId, created_at: NOW }

  it('verifies a delete request by its author and rejects a forged one', async () => {
    const signed = await signDeleteRequest(ALICE, request)
    await expect(verifyDeleteRequest(signed, NOW)).resolves.toEqual(signed)
    const forged = { ...signed, record: { ...request, post_id: 'b'.repeat(64) } }
    await expect(verifyDeleteRequest(forged, NOW)).rejects.toMatchObject({ name: 'InvalidSignatureError' })
  })

  it('rejects a malformed or future delete request', async () => {
    const signed = await signDeleteRequest(ALICE, request)
    await expect(
      verifyDeleteRequest({ ...signed, record: { ...request, post_id: 'nope' } }, NOW),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    })
    const future = await signDeleteRequest(ALICE, { ...request, created_at: NOW + LIMITS.futureSkewMs + 1 })
    await expect(verifyDeleteRequest(future, NOW)).rejects.toMatchObject({ name: 'FutureTimestampError' })
  })

  it('does not accept a delete request as a profile', async () => {
    const signed = await signDeleteRequest(ALICE, request)
    await expect(verifyProfile(signed, NOW)).rejects.toMatchObject({ name: 'ValidationError' })
  })
})

describe('blob ids', () => {
  it('addresses bytes by lowercase hex BLAKE3', () => {
    const id = blobIdOf(new Uint8Array())
    expect(id).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262')
    expect(isValidBlobId(id)).toBe(true)
    expect(isValidBlobId(id.toUpperCase())).toBe(false)
    expect(isValidBlobId(id.slice(1))).toBe(false)
  })
})
