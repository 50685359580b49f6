/**
 * Issue 10 "private activity by direct notice", when the author and the recipient are connected
 * only through a relay (the circuit relay v2 connection browsers have before WebRTC is up, or
 * instead of it behind hard NATs): the notice crosses the limited connection and the recipient's
 * pull it triggers runs over the same connection. The relay is a bare libp2p relay, no mailbox, so
 * nothing but the direct notice and its pull can bring the DM.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeId } from '../../src/core/model/types.ts'
import { createDistsocLibp2p, type DistsocLibp2p } from '../../src/core/net/index.ts'
import { onboardedUser } from './anchored-users.ts'
import { eventually, type TestUser } from './node-harness.ts'

let relay: DistsocLibp2p
const users: TestUser[] = []

beforeAll(async () => {
  relay = await createDistsocLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    transports: [webSockets()],
    listen: ['/ip4/127.0.0.1/tcp/0/ws'],
    relayServer: { reservations: { maxReservations: 16 } },
  })
})

afterAll(async () => {
  await Promise.allSettled(users.map((u) => u.stop()))
  await relay.stop()
})

async function user(name: string): Promise<TestUser> {
  const relayAddr = `${relay.getMultiaddrs()[0]!.toString()}`
  // maintenance once a minute: within the test only the notice can bring news
  return onboardedUser(name, [relayAddr], { maintainEveryMs: 60_000 }, users)
}

const libp2pOf = (u: TestUser): DistsocLibp2p => u.service.network()!.libp2p
const idOf = (u: TestUser): NodeId => libp2pOf(u).peerId.toString() as NodeId

describe('a direct notice over a relayed connection', () => {
  it('reaches the recipient, whose pull over the same limited connection brings the DM', async () => {
    const alice = await user('AliceRelayed')
    const bob = await user('BobRelayed')
    await bob.call('follow.add', { target: idOf(alice) })
    await eventually(() =>
      libp2pOf(bob)
        .getMultiaddrs()
        .some((m) => m.toString().includes('/p2p-circuit')),
    )
    const circuit = `${relay.getMultiaddrs()[0]!.toString()}/p2p-circuit/p2p/${idOf(bob)}`
    await libp2pOf(alice).dial(multiaddr(circuit))
    const between = () => libp2pOf(alice).getConnections(libp2pOf(bob).peerId)
    expect(between().length).toBeGreaterThan(0)
    expect(between().every((c) => c.limits !== undefined)).toBe(true)
    // let the pulls that identify starts on both sides finish before the DM is sent
    await new Promise((r) => setTimeout(r, 1500))

    // count fresh dials from here on: the notice and the pull must use the connection held
    const dialled: string[] = []
    for (const u of [alice, bob]) {
      const node = libp2pOf(u)
      const dialProtocol = node.dialProtocol.bind(node)
      node.dialProtocol = (peer, protocols, options) => {
        dialled.push(`${u.name} ${String(protocols)}`)
        return dialProtocol(peer, protocols, options)
      }
    }
    const sent = Date.now()
    await alice.call('messages.send', { to: idOf(bob), content: 'relayed, still private' })
    await eventually(
      async () =>
        (await bob.call('messages.threads', {})).some((t) => t.last_preview === 'relayed, still private'),
      8000,
    )
    expect(dialled).toEqual([])
    expect(Date.now() - sent).toBeLessThan(8000)
    // and it never took a direct connection to get there
    expect(between().every((c) => c.limits !== undefined)).toBe(true)
  })
})
