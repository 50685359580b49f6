import { describe, expect, it } from 'vitest'
import { selectedPath } from './webrtc-host.ts'

/** A stats report as Chromium's getStats() returns it (a maplike of id → stats). */
const report = (entries: Record<string, Record<string, unknown>>): RTCStatsReport =>
  new Map(Object.entries(entries)) as unknown as RTCStatsReport

const candidates = {
  L1: { type: 'local-candidate', candidateType: 'srflx', protocol: 'udp' },
  L2: { type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
  R1: { type: 'remote-candidate', candidateType: 'prflx', protocol: 'udp' },
  R2: { type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
}

describe('selectedPath (issue 18)', () => {
  it("follows the transport's selected candidate pair", () => {
    const stats = report({
      ...candidates,
      P1: { type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded' },
      P2: {
        type: 'candidate-pair',
        localCandidateId: 'L2',
        remoteCandidateId: 'R2',
        nominated: true,
        state: 'succeeded',
      },
      T: { type: 'transport', selectedCandidatePairId: 'P1' },
    })
    expect(selectedPath(stats)).toEqual({ local: 'srflx', remote: 'prflx', protocol: 'udp' })
  })

  it('falls back to the nominated, succeeded pair', () => {
    const stats = report({
      ...candidates,
      P2: {
        type: 'candidate-pair',
        localCandidateId: 'L2',
        remoteCandidateId: 'R2',
        nominated: true,
        state: 'succeeded',
      },
    })
    expect(selectedPath(stats)).toEqual({ local: 'host', remote: 'host', protocol: 'udp' })
  })

  it('has no path while ICE selected none, or when a candidate type is unknown', () => {
    expect(selectedPath(report({ ...candidates }))).toBeUndefined()
    const odd = report({
      L: { type: 'local-candidate', candidateType: 'magic' },
      R: candidates.R2,
      P: {
        type: 'candidate-pair',
        localCandidateId: 'L',
        remoteCandidateId: 'R',
        nominated: true,
        state: 'succeeded',
      },
    })
    expect(selectedPath(odd)).toBeUndefined()
  })
})
