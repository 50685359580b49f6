import { describe, expect, it } from 'vitest'
import type { GroupId, GroupRole, NodeId } from '../../core/api/index.ts'
import { errorFromData, type GroupView } from '../../core/api/index.ts'
import { groupErrorText, memberLine, roleHelp, rolesToGive } from './group-text.ts'

function group(role: GroupRole | null, can: GroupView['can']): GroupView {
  return {
    id: 'g' as GroupId,
    name: 'Book club',
    creator: 'a' as NodeId,
    epoch: 0,
    my_role: role,
    accepted: true,
    needs_rekey: false,
    members: [],
    can,
    updated_at: 0,
  }
}

describe('rolesToGive', () => {
  it('lets an Admin give any role, a Moderator only Poster and Viewer, others none', () => {
    expect(rolesToGive(group('admin', ['add', 'post']))).toEqual(['admin', 'moderator', 'poster', 'viewer'])
    expect(rolesToGive(group('moderator', ['add', 'post']))).toEqual(['poster', 'viewer'])
    expect(rolesToGive(group('poster', ['post']))).toEqual([])
    expect(rolesToGive(group(null, []))).toEqual([])
  })
})

describe('memberLine', () => {
  const member = (node_id: string, name: string, role: GroupRole, joined: boolean) => ({
    node_id: node_id as NodeId,
    name,
    role,
    joined,
    removable: false,
  })
  const g = { creator: 'a' as NodeId }

  it('tags the user once: "You" beside their name, and no tag when the name already reads "You"', () => {
    expect(memberLine(g, member('a', 'Alice', 'admin', true), 'a' as NodeId)).toEqual({
      name: 'Alice',
      tags: ['You', 'Creator'],
      label: 'Alice (you), Admin, created the group',
    })
    const you = memberLine(g, member('a', 'You', 'admin', true), 'a' as NodeId)
    expect(you.tags).toEqual(['Creator'])
    expect(you.label).toBe('You, Admin, created the group')
    expect(`${you.name} ${you.tags.join(' ')}`).not.toMatch(/you.*you/i)
  })

  it('marks only a member who has not accepted as invited', () => {
    expect(memberLine(g, member('b', 'Alan Kay', 'viewer', false), 'a' as NodeId)).toEqual({
      name: 'Alan Kay',
      tags: ['Invited'],
      label: 'Alan Kay, Viewer, invited, not joined yet',
    })
    expect(memberLine(g, member('c', 'Ada Lovelace', 'poster', true), 'a' as NodeId)).toEqual({
      name: 'Ada Lovelace',
      tags: [],
      label: 'Ada Lovelace, Poster',
    })
  })

  it('names a member with a blank name "Unnamed"', () => {
    expect(memberLine(g, member('c', '  ', 'poster', true), null).name).toBe('Unnamed')
  })
})

describe('groupErrorText', () => {
  it("tells a Viewer why their post was refused, by the error's name", () => {
    const err = errorFromData({ name: 'GroupRoleError', message: 'a viewer may not post' })
    expect(groupErrorText(err, 'post', 'viewer')).toBe(
      'As a Viewer you can read this group but not post in it. Ask an Admin to make you a Poster.',
    )
  })

  it('names the role for other refused actions and keeps the node message', () => {
    const err = errorFromData({ name: 'GroupRoleError', message: 'a poster may not remove' })
    expect(groupErrorText(err, 'remove', 'poster')).toBe(
      'Your role (Poster) does not allow that: a poster may not remove.',
    )
  })

  it('explains membership errors and passes other errors through by message', () => {
    const gone = errorFromData({ name: 'NotAGroupMemberError', message: 'you are not in this group' })
    expect(groupErrorText(gone, 'leave')).toBe(
      'This needs membership of the group: you are not in this group.',
    )
    const other = errorFromData({ name: 'ValidationError', message: 'not a NodeId or connect string' })
    expect(groupErrorText(other, 'invite')).toBe('not a NodeId or connect string')
    expect(groupErrorText('nonsense', 'invite')).toBe('Something went wrong.')
  })
})

describe('roleHelp', () => {
  it('says what each role may do', () => {
    expect(roleHelp('viewer')).toBe('Viewer: reads only')
    expect(roleHelp('admin')).toMatch(/changes roles/)
  })
})
