/**
 * Issue 15 between two real nodes through a real anchor: Alice offers Carol (who does not follow
 * her) her image post over `/distsoc/host/1.0.0`; Carol's gate accepts the offer alone, holding
 * nothing until Alice's push; then Carol stores it and counts it as hosting; once Carol's quota is
 * spent, the next offer gets HostingQuotaExceededError. Alice reaches Carol once: maintenance does
 * not dial a second circuit beside the first.
 */
import { describe, expect, it } from 'vitest'
import { STARTER_BYTES_SETTING } from '../../src/core/hosting/index.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import { anchoredUsers } from './anchored-users.ts'
import { eventually, reachable } from './node-harness.ts'

const { user } = anchoredUsers({ maintainEveryMs: 1000 })

describe('hosting between nodes', () => {
  it('a stranger hosts an image post within its quota and refuses past it', { timeout: 60_000 }, async () => {
    const alice = await user('Alice')
    const carol = await user('Carol')
    const carolId = (await carol.call('node.status', {})).node_id as NodeId
    const { connect } = await carol.call('profile.connectString', {})
    await reachable(carol)
    const libp2p = alice.service.network()!.libp2p
    let opened = 0
    libp2p.addEventListener('connection:open', (e) => {
      if (e.detail.remotePeer.toString() === carolId) opened += 1
    })
    await alice.call('follow.add', { target: connect })
    const image = new Uint8Array(20_000).map((_, i) => (i * 7) % 256)
    const post = await alice.call('post.create', {
      content: 'please keep this',
      intent: { type: 'public' },
      attachments: [{ bytes: image, mime: 'image/webp' }],
    })
    const hosting = () => alice.service.network()?.hosting
    await eventually(() => hosting()?.candidates().includes(carolId) === true)
    // Maintenance reaches Carol every second; a relayed connection is kept, not dialled again.
    await new Promise((r) => setTimeout(r, 2500))
    expect(opened).toBe(1)
    const offer = { post: post.id, author: post.author, bytes: 0, encrypted: false }
    expect(await hosting()!.acceptsHosting(carolId, offer)).toEqual({ accepted: true })
    expect(carol.store.hasPost(post.id)).toBe(false)
    expect(await hosting()!.push(carolId, post.id)).toEqual({ accepted: true })
    expect(carol.store.getBlob(post.attachments[0]!.blob)?.bytes).toEqual(image)
    const status = await carol.call('hosting.status', {})
    expect(status.hosted_posts).toBe(1)
    expect(status.hosted).toBeGreaterThan(image.length)
    expect(carol.events.some((e) => e.type === 'hosting.changed')).toBe(true)
    expect((await carol.call('feed.page', { query: { type: 'home' }, limit: 10 })).posts).toEqual([])

    carol.store.setSetting(STARTER_BYTES_SETTING, status.hosted)
    const second = await alice.call('post.create', {
      content: 'and this',
      intent: { type: 'public' },
      attachments: [],
    })
    expect(await hosting()!.acceptsHosting(carolId, { ...offer, post: second.id })).toEqual({
      accepted: false,
      reason: 'HostingQuotaExceededError',
    })
    expect(carol.store.hasPost(second.id)).toBe(false)
  })
})
