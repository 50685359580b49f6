import { describe, expect, it } from 'vitest'
import { resolveRecipients } from './audience.ts'
import { generateIdentity } from './identity.ts'
import { ALICE, BOB, CAROL } from './test-support/fixtures.ts'
import type { NodeId } from './types.ts'

const ctx = {
  self: ALICE.nodeId,
  follows: [BOB.nodeId, CAROL.nodeId],
  circles: new Map<string, NodeId[]>([
    ['family', [CAROL.nodeId]],
    ['empty', []],
  ]),
}

describe('resolveRecipients', () => {
  it('keeps public posts public', () => {
    expect(resolveRecipients({ type: 'public' }, ctx)).toBe('public')
  })

  it('sends Friends posts to every follow plus the author', () => {
    expect(resolveRecipients({ type: 'friends' }, ctx)).toEqual([ALICE.nodeId, BOB.nodeId, CAROL.nodeId])
  })

  it('sends circle posts to the circle plus the author, and refuses unknown or empty circles', () => {
    expect(resolveRecipients({ type: 'circle', name: 'family' }, ctx)).toEqual([ALICE.nodeId, CAROL.nodeId])
    expect(() => resolveRecipients({ type: 'circle', name: 'work' }, ctx)).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    )
    expect(() => resolveRecipients({ type: 'circle', name: 'empty' }, ctx)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })

  it('sends direct posts to the listed people plus the author, once each', () => {
    expect(
      resolveRecipients({ type: 'direct', recipients: [BOB.nodeId, BOB.nodeId, ALICE.nodeId] }, ctx),
    ).toEqual([ALICE.nodeId, BOB.nodeId])
    expect(() => resolveRecipients({ type: 'direct', recipients: [] }, ctx)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })

  it('refuses more than 500 recipients including the author', () => {
    const follows = Array.from({ length: 500 }, () => generateIdentity().nodeId)
    expect(() => resolveRecipients({ type: 'friends' }, { ...ctx, follows })).toThrow(
      expect.objectContaining({ name: 'TooManyRecipientsError' }),
    )
    expect(resolveRecipients({ type: 'friends' }, { ...ctx, follows: follows.slice(1) })).toHaveLength(500)
  })
})
