/**
 * A peer that reconnects while its old connection lingers (a browser tab reloaded: its WebRTC
 * connection is dead but not yet closed here) must still get this node's gossip once the old
 * connection closes. gossipsub 17 keeps one outbound stream per peer and skips opening one on the
 * new connection while the old stream exists; when the old connection then closes, no stream
 * is left and every later message to that peer is dropped. Two real nodes over WebSockets.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { webSockets } from '@libp2p/websockets'
import { afterEach, describe, expect, it } from 'vitest'
import { createDistsocLibp2p, type DistsocLibp2p } from './create-libp2p.ts'

const TOPIC = 'distsoc/test/reconnect'
const started: DistsocLibp2p[] = []

async function node(): Promise<DistsocLibp2p> {
  const n = await createDistsocLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    transports: [webSockets()],
    listen: ['/ip4/127.0.0.1/tcp/0/ws'],
  })
  started.push(n)
  n.services.pubsub.subscribe(TOPIC)
  return n
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((n) => n.stop()))
})

describe('gossip after a reconnect over a second connection', () => {
  it('reaches the peer once its old connection closes', async () => {
    const author = await node()
    const follower = await node()
    const got: string[] = []
    follower.services.pubsub.addEventListener('gossipsub:message', (evt) => {
      got.push(new TextDecoder().decode(evt.detail.msg.data))
    })
    const old = await follower.dial(author.getMultiaddrs()[0]!)
    const subscribed = () =>
      author.services.pubsub.getSubscribers(TOPIC).some((p) => p.equals(follower.peerId))
    await until(subscribed)
    await author.services.pubsub.publish(TOPIC, new TextEncoder().encode('before'))
    await until(() => got.includes('before'))

    // the follower comes back on a new connection; the old one lingers, then closes
    await follower.dial(author.getMultiaddrs()[0]!, { force: true })
    await until(() => author.getConnections(follower.peerId).length === 2)
    await new Promise((r) => setTimeout(r, 500))
    await old.close()
    await until(() => author.getConnections(follower.peerId).length === 1)

    await until(() => {
      void author.services.pubsub.publish(TOPIC, new TextEncoder().encode('after')).catch(() => {})
      return got.includes('after')
    }, 5_000)
  })

  it('moves to the new connection while the old one still lingers', async () => {
    const author = await node()
    const follower = await node()
    const old = await follower.dial(author.getMultiaddrs()[0]!)
    const outboundGossip = (c: { streams: Array<{ protocol?: string; direction: string }> }) =>
      c.streams.some((s) => s.protocol?.startsWith('/meshsub/') === true && s.direction === 'outbound')
    const onAuthor = () => author.getConnections(follower.peerId)
    await until(() => onAuthor().some(outboundGossip))
    const fresh = await follower.dial(author.getMultiaddrs()[0]!, { force: true })
    await until(() => onAuthor().length === 2)
    // the author's end of the new connection carries its gossip, the old end (maybe dead) none
    const [oldEnd, newEnd] = [...onAuthor()].sort((a, b) => a.timeline.open - b.timeline.open)
    await until(() => outboundGossip(newEnd!) && !outboundGossip(oldEnd!))
    expect([old.status, fresh.status]).toEqual(['open', 'open'])
  })
})
