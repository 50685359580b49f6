import { describe, expect, it } from 'vitest'
import type { GroupId, GroupRole, NodeId } from '../../core/api/index.ts'
import { errorFromData, type GroupView } from '../../core/api/index.ts'
import { groupErrorText, roleHelp, rolesToGive } from './group-text.ts'

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
