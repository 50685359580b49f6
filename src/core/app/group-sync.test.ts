import { describe, expect, it } from 'vitest'
import type { GroupRole, GroupState } from '../groups/index.ts'
import { generateIdentity } from '../model/index.ts'
import type { GroupId, NodeId } from '../model/types.ts'
import { rekeyDesignee } from './group-sync.ts'

const ids = Array.from({ length: 4 }, () => generateIdentity().nodeId).sort()
const [a, b, c, d] = ids as [NodeId, NodeId, NodeId, NodeId]

function stateWith(members: [NodeId, GroupRole][]): GroupState {
  return {
    id: '00'.repeat(32) as GroupId,
    name: 'g',
    creator: a,
    seq: 3,
    head: '11'.repeat(32),
    epoch: 0,
    epoch_pub: new Uint8Array(32),
    members: new Map(members),
    pending: new Set(),
    needs_rekey: true,
    updated_at: 0,
  }
}

describe('the rekey designee after a leave', () => {
  it('is the admin with the smallest NodeId, whatever the order of the members', () => {
    expect(
      rekeyDesignee(
        stateWith([
          [d, 'admin'],
          [c, 'moderator'],
          [b, 'admin'],
          [a, 'poster'],
        ]),
      ),
    ).toBe(b)
  })

  it('is a moderator when no admin is left, and nobody when only posters and viewers are', () => {
    expect(
      rekeyDesignee(
        stateWith([
          [a, 'viewer'],
          [d, 'moderator'],
          [c, 'moderator'],
        ]),
      ),
    ).toBe(c)
    expect(
      rekeyDesignee(
        stateWith([
          [a, 'poster'],
          [b, 'viewer'],
        ]),
      ),
    ).toBeUndefined()
  })
})
