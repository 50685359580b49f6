import { describe, expect, it } from 'vitest'
import type { GroupId, GroupView, NodeId } from '../../core/api/index.ts'
import { audienceCost, audienceOptions, intentFor } from './audience-options.ts'

const id = (s: string) => s as NodeId

describe('audienceOptions', () => {
  it('lists Public, Friends, circles by name, then Direct', () => {
    const opts = audienceOptions([
      { name: 'work', members: [id('a')] },
      { name: 'Family', members: [] },
      { name: 'climbing', members: [id('a'), id('b')] },
    ])
    expect(opts.map((o) => o.value)).toEqual([
      'public',
      'friends',
      'circle:climbing',
      'circle:Family',
      'circle:work',
      'direct',
    ])
    expect(opts[2]!.label).toBe('Circle: climbing (2)')
  })

  it('offers the groups the user accepted after the circles, marking those they can only read', () => {
    const g = (name: string, over: Partial<GroupView>): GroupView => ({
      id: `id-${name}` as GroupId,
      name,
      creator: id('a'),
      epoch: 0,
      my_role: 'poster',
      accepted: true,
      needs_rekey: false,
      members: [],
      can: ['post'],
      updated_at: 0,
      ...over,
    })
    const opts = audienceOptions(
      [{ name: 'work', members: [] }],
      [
        g('Zine', {}),
        g('Book club', { my_role: 'viewer', can: [] }),
        g('Invite only', { accepted: false }),
        g('Left', { my_role: null, can: [] }),
      ],
    )
    expect(opts.map((o) => o.value)).toEqual([
      'public',
      'friends',
      'circle:work',
      'group:id-Book club',
      'group:id-Zine',
      'direct',
    ])
    expect(opts[3]!.label).toBe('Group: Book club (read only)')
    expect(opts[4]!.label).toBe('Group: Zine')
  })

  it('offers Public, Friends and Direct when there are no circles', () => {
    expect(audienceOptions([]).map((o) => o.kind)).toEqual(['public', 'friends', 'direct'])
  })
})

describe('intentFor', () => {
  it('turns picker values into visibility intents', () => {
    expect(intentFor('public', [])).toEqual({ type: 'public' })
    expect(intentFor('friends', [])).toEqual({ type: 'friends' })
    expect(intentFor('circle:a:b', [])).toEqual({ type: 'circle', name: 'a:b' })
    expect(intentFor('group:g1', [])).toEqual({ type: 'group', id: 'g1' })
    expect(intentFor('direct', [id('x')])).toEqual({ type: 'direct', recipients: ['x'] })
  })

  it('refuses Direct without recipients and unknown values', () => {
    expect(intentFor('direct', [])).toBeNull()
    expect(intentFor('everyone', [])).toBeNull()
  })
})

describe('audienceCost', () => {
  it('says in plain words that a Friends post lists every follow, visible to every recipient and holder', () => {
    const note = audienceCost('friends')!
    expect(note).toMatch(/lists every one of them as a recipient/)
    expect(note).toMatch(/everyone who receives or holds/)
    expect(audienceCost('public')).toMatch(/Anyone/)
    expect(audienceCost('circle:close')).toMatch(/members/)
    expect(audienceCost('group:g1')).toMatch(/sealed once for the group/)
    expect(audienceCost('nonsense')).toBeNull()
  })
})
