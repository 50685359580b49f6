/**
 * The restoration cascade over a simulated network of 20 nodes (issue 15): real sync sessions with
 * liveness, real books and reports; replicas drop when nodes go offline, and the author restores
 * keyholder → follower (public only) → spare quota → reduced redundancy, in that order.
 */
import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../model/index.ts'
import type { NodeId, PostId } from '../model/types.ts'
import { cascadeCandidates, type RestorationSubject, restoreRedundancy } from './cascade.ts'
import { type SimNode, SimulatedNetwork } from './test-support/simulated-network.ts'

const MIN = 60_000
const DROP = 30 * MIN
const EVERY = 5 * MIN

/** n0 = Alice; n1, n2 mutuals (she follows them back); n1..n6 follow her; n7..n19 strangers with spare quota. */
function world(): SimulatedNetwork {
  const sim = new SimulatedNetwork({ nodes: 20, dropAfterMs: DROP, syncEveryMs: EVERY })
  const alice = sim.at(0)
  for (let i = 1; i <= 6; i++) sim.at(i).follows.add(alice.id)
  alice.follows.add(sim.at(1).id)
  alice.follows.add(sim.at(2).id)
  return sim
}

function placedFor(sim: SimulatedNetwork, post: PostId) {
  return sim.restorations.filter((r) => r.post === post).flatMap((r) => r.placed)
}

function offline(...nodes: SimNode[]): void {
  for (const n of nodes) n.online = false
}

describe('restoration cascade, 20 simulated nodes', () => {
  it('restores a public post keyholder → follower → spare quota, then accepts low redundancy', {
    timeout: 60_000,
  }, async () => {
    const sim = world()
    const alice = sim.at(0)
    const post = await sim.post(alice)
    // first placement: the two mutuals, then a follower
    await sim.advance(EVERY)
    expect(placedFor(sim, post).map((p) => p.tier)).toEqual(['keyholder', 'keyholder', 'follower'])
    expect(alice.book.status(post, sim.now)).toMatchObject({ live: 3, low: false })

    // the first mutual's profile closes: nothing happens before the timeout, then a follower takes over
    const [first] = placedFor(sim, post)
    const dropped = sim.nodes.find((n) => n.id === first?.peer) as SimNode
    offline(dropped)
    const droppedAt = sim.now
    await sim.advance(DROP - EVERY)
    expect(placedFor(sim, post)).toHaveLength(3)
    await sim.advance(2 * EVERY)
    const fourth = placedFor(sim, post)[3]
    expect(fourth?.tier).toBe('follower')
    const restoredAt = sim.restorations.at(-1)
    expect(restoredAt).toBeDefined()
    expect(sim.now - droppedAt).toBeLessThanOrEqual(DROP + 2 * EVERY)
    expect(alice.book.status(post, sim.now).low).toBe(false)

    // every follower goes away: strangers with spare quota are asked
    offline(...[1, 2, 3, 4, 5, 6].map((i) => sim.at(i)))
    await sim.advance(DROP + 2 * EVERY)
    const afterFollowers = placedFor(sim, post).slice(4)
    expect(afterFollowers.map((p) => p.tier)).toEqual(['spare-quota', 'spare-quota', 'spare-quota'])
    expect(alice.book.status(post, sim.now).low).toBe(false)

    // then no one has room: reduced redundancy, said, and Alice's post is still hers
    for (const n of sim.nodes.slice(7)) n.capacity = 0
    const hosts = afterFollowers.map((p) => sim.nodes.find((n) => n.id === p.peer) as SimNode)
    offline(...hosts.slice(0, 2))
    await sim.advance(DROP + 2 * EVERY)
    const last = sim.restorations.at(-1)
    expect(last?.status).toBe('low')
    expect(last?.attempts.some((a) => a.outcome === 'HostingQuotaExceededError')).toBe(true)
    expect(alice.book.status(post, sim.now)).toMatchObject({ live: 1, low: true })
    expect(alice.store.posts.has(post)).toBe(true)
  })

  it('restores an encrypted post only to keyholders, never to a follower who cannot read it', {
    timeout: 60_000,
  }, async () => {
    const sim = world()
    const alice = sim.at(0)
    // recipients: n1 (mutual), n3 (follower), n8 (not a follower)
    const recipients = [sim.at(1).id, sim.at(3).id, sim.at(8).id]
    const post = await sim.post(alice, { recipients })
    await sim.advance(EVERY)
    expect(placedFor(sim, post).map((p) => [p.tier, p.peer])).toEqual(recipients.map((r) => ['keyholder', r]))
    // the recipients drop: followers n2, n4.. are skipped, spare-quota strangers take ciphertext
    offline(sim.at(1), sim.at(3), sim.at(8))
    await sim.advance(DROP + 2 * EVERY)
    const after = placedFor(sim, post).slice(3)
    expect(after.map((p) => p.tier)).toEqual(['spare-quota', 'spare-quota', 'spare-quota'])
    const followers = new Set([1, 2, 3, 4, 5, 6].map((i) => sim.at(i).id))
    for (const p of after) expect(followers.has(p.peer)).toBe(false)
  })

  it('learns of holders by their self-reports riding on their pulls, and of drops by the probe', {
    timeout: 60_000,
  }, async () => {
    const sim = world()
    const alice = sim.at(0)
    const post = await sim.post(alice)
    const bob = sim.at(4)
    await sim.hold(bob, post)
    await sim.sync(bob, alice)
    expect(alice.book.liveHolders(post, sim.now)).toEqual([bob.id])
    bob.store.blobs.clear()
    await sim.sync(alice, bob)
    expect(alice.book.liveHolders(post, sim.now)).toEqual([])
  })
})

describe('cascade candidates', () => {
  const author = generateIdentity().nodeId
  const ids = Array.from({ length: 6 }, () => generateIdentity().nodeId)
  const [k1, f1, f2, h1, h2, h3] = ids as [NodeId, NodeId, NodeId, NodeId, NodeId, NodeId]
  const net = (accepts: (p: NodeId) => boolean) => ({
    keyholders: () => [k1],
    followers: () => [k1, f1, f2],
    hosting: {
      candidates: () => [h1, h2, h3, f1, author],
      acceptsHosting: async (p: NodeId) =>
        accepts(p)
          ? { accepted: true as const }
          : { accepted: false as const, reason: 'HostingQuotaExceededError' },
    },
    push: async (p: NodeId) => (p === f2 ? Promise.reject(new Error('gone')) : { accepted: true as const }),
  })
  const subject = (encrypted: boolean): RestorationSubject => ({
    id: 'ab'.repeat(32) as PostId,
    author,
    encrypted,
    bytes: 10,
  })

  it('lists each peer once at its first tier, never the author, and no follower tier for encrypted posts', () => {
    const pub = cascadeCandidates(
      subject(false),
      net(() => true),
      () => 0,
    )
    expect(pub.map((c) => c.tier)).toEqual([
      'keyholder',
      'follower',
      'follower',
      'spare-quota',
      'spare-quota',
      'spare-quota',
    ])
    const enc = cascadeCandidates(
      subject(true),
      net(() => true),
      () => 0,
    )
    expect(enc.map((c) => c.peer)).not.toContain(f2)
    expect(enc.filter((c) => c.tier === 'spare-quota').map((c) => c.peer)).toContain(f1)
  })

  it('skips a peer that fails or refuses, records why, and stops at maxOffers', async () => {
    const result = await restoreRedundancy(
      subject(false),
      [],
      net((p) => p === h3),
      { target: 3, random: () => 0.99 },
    )
    expect(result.placed.map((p) => p.peer)).toEqual([k1, f1, h3])
    expect(result.attempts.find((a) => a.peer === f2)?.outcome).toBe('Error')
    expect(result.status).toBe('ok')
    const capped = await restoreRedundancy(
      subject(false),
      [],
      net(() => false),
      { target: 3, maxOffers: 2 },
    )
    expect(capped.attempts).toHaveLength(2)
    expect(capped.status).toBe('low')
  })
})
