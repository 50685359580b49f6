import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import {
  allocateMeshSlots,
  classifyConnection,
  MESH_SLOT_TOTAL,
  type MeshCandidate,
  pickEviction,
  type SocialTier,
} from './connection-policy.ts'

function c(id: string, tier: SocialTier, lastSeen = 0, wide = false): MeshCandidate {
  return { id: id as NodeId, tier, lastSeen, wide }
}

function many(prefix: string, n: number, tier: SocialTier, wide = false): MeshCandidate[] {
  return Array.from({ length: n }, (_, i) => c(`${prefix}${String(i).padStart(3, '0')}`, tier, i, wide))
}

describe('mesh slot policy', () => {
  it('has 101 mesh slots: 10 preferred + 71 local + 20 wide', () => {
    expect(MESH_SLOT_TOTAL).toBe(101)
  })

  it('gives preferred slots to preferred anchors before follows', () => {
    const result = allocateMeshSlots([...many('f', 12, 'follow'), ...many('a', 3, 'preferred-anchor')])
    expect(result.preferred.slice(0, 3).every((id) => id.startsWith('a'))).toBe(true)
    expect(result.preferred).toHaveLength(10)
    // the follows that missed a preferred slot still get local slots
    expect(result.local.filter((id) => id.startsWith('f'))).toHaveLength(5)
  })

  it('fills local slots by social distance: follows, then nearby, then pulled-from-us', () => {
    const result = allocateMeshSlots(
      [...many('p', 5, 'pulled-from-us'), ...many('n', 5, 'nearby'), ...many('f', 5, 'follow')],
      { slots: { preferred: 0, local: 12, wide: 0 } },
    )
    expect(result.local.map((id) => id[0]).join('')).toBe('fffffnnnnnpp')
    expect(result.unslotted).toHaveLength(3)
  })

  it('caps pulled-from-us peers even when slots are free', () => {
    const result = allocateMeshSlots(many('p', 50, 'pulled-from-us'), { pulledFromUsCap: 7 })
    expect(result.local).toHaveLength(7)
    expect(result.unslotted).toHaveLength(43)
  })

  it('reserves wide slots for peers flagged wide and never exceeds the totals', () => {
    const result = allocateMeshSlots([...many('o', 200, 'other'), ...many('w', 30, 'other', true)])
    expect(result.wide).toHaveLength(20)
    expect(result.wide.every((id) => id.startsWith('w'))).toBe(true)
    expect(result.local).toHaveLength(71)
    expect(result.preferred.length + result.local.length + result.wide.length).toBeLessThanOrEqual(101)
  })

  it('counts a duplicated candidate once, at its closest tier', () => {
    const result = allocateMeshSlots([c('x', 'other'), c('x', 'follow')])
    expect(result.preferred).toEqual(['x'])
    expect(result.local).toEqual([])
  })

  it('evicts the farthest, least recently seen mesh peer for a closer newcomer, and nobody for a farther one', () => {
    const current = [c('a', 'follow', 5), c('b', 'pulled-from-us', 9), c('d', 'pulled-from-us', 1)]
    expect(pickEviction(current, c('n', 'nearby'))).toBe('d')
    expect(pickEviction(current, c('o', 'other'))).toBeUndefined()
  })

  it('classifies connections as mesh, session or ephemeral', () => {
    expect(classifyConnection({ inMesh: true, activeSession: true })).toBe('mesh')
    expect(classifyConnection({ inMesh: false, activeSession: true })).toBe('session')
    expect(classifyConnection({ inMesh: false, activeSession: false })).toBe('ephemeral')
  })
})
