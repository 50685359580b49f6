import { describe, expect, it } from 'vitest'
import type { NodeId, PersonView } from '../../core/api/index.ts'
import { recipientGroups } from './recipient-options.ts'

function person(id: string, name: string, relation: PersonView['relation'], following = false): PersonView {
  return { node_id: id as NodeId, display_name: name, bio: '', anchors: [], following, relation }
}

describe('recipientGroups', () => {
  it('puts follows first, then known peers, then strangers, each sorted by name', () => {
    const groups = recipientGroups([
      person('s', 'Sam', 'stranger'),
      person('p2', 'zed', 'peer'),
      person('f2', 'Bea', 'follow', true),
      person('p1', 'Ann', 'peer'),
      person('f1', 'alice', 'follow', true),
    ])
    expect(groups.map((g) => g.label)).toEqual(['People you follow', 'Other known peers', 'Others'])
    expect(groups.map((g) => g.people.map((p) => p.node_id))).toEqual([['f1', 'f2'], ['p1', 'p2'], ['s']])
  })

  it('never offers yourself and lists each person once', () => {
    const groups = recipientGroups([
      person('me', 'Me', 'self'),
      person('a', 'A', 'peer'),
      person('a', 'A', 'peer'),
    ])
    expect(groups).toEqual([{ label: 'Other known peers', people: [person('a', 'A', 'peer')] }])
  })

  it('ranks a followed stranger-flagged person with follows', () => {
    const groups = recipientGroups([person('x', 'X', 'stranger', true)])
    expect(groups[0]!.label).toBe('People you follow')
  })
})
