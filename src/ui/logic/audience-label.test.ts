import { describe, expect, it } from 'vitest'
import type { GroupId, NodeId } from '../../core/api/index.ts'
import { audienceLabel } from './audience-label.ts'

const G = 'g1' as GroupId

describe('audienceLabel', () => {
  it('names a group post by the name the node holds', () => {
    expect(audienceLabel({ type: 'group', id: G, name: 'Book club' })).toBe('Group: Book club')
  })

  it('prefers the held name over the list-supplied one, and falls back to it', () => {
    expect(audienceLabel({ type: 'group', id: G, name: 'Book club' }, 'Other')).toBe('Group: Book club')
    expect(audienceLabel({ type: 'group', id: G }, 'Book club')).toBe('Group: Book club')
  })

  it('says just "Group" when the viewer no longer holds the group', () => {
    expect(audienceLabel({ type: 'group', id: G })).toBe('Group')
  })

  it('keeps the other badges', () => {
    expect(audienceLabel({ type: 'public' })).toBe('Public')
    expect(audienceLabel({ type: 'circle', name: 'Close friends' })).toBe('Circle: Close friends')
    expect(audienceLabel({ type: 'direct', recipients: ['a', 'b'] as NodeId[] })).toBe('Direct (2)')
    expect(audienceLabel({ type: 'encrypted', recipients: 9 })).toBe('Encrypted')
  })
})
