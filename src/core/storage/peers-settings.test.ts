import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import type { PeerRecord } from './peers-store.ts'
import { manualClock, nodeId, openTestStore } from './test-support/fixtures.ts'

const [alice, bob, carol, anchor] = [nodeId(1), nodeId(2), nodeId(3), nodeId(4)]
const peer = (over: Partial<PeerRecord> = {}): PeerRecord => ({
  node_id: bob,
  addresses: ['/ip4/127.0.0.1/tcp/1/ws'],
  last_seen: 100,
  is_anchor: false,
  introduced_by: null,
  found_via: null,
  ...over,
})

describe('peers', () => {
  it('upserts: replaces addresses, keeps the latest last_seen and the first introducer', async () => {
    const store = await openTestStore()
    store.upsertPeer(peer({ introduced_by: anchor, found_via: 'own-anchors' }))
    store.upsertPeer(peer({ addresses: ['/a'], last_seen: 50, introduced_by: carol }))
    expect(store.getPeer(bob)).toEqual(
      peer({ addresses: ['/a'], last_seen: 100, introduced_by: anchor, found_via: 'own-anchors' }),
    )
    store.upsertPeer(peer({ node_id: anchor, is_anchor: true, last_seen: 300 }))
    expect(store.listPeers().map((p) => p.node_id)).toEqual([anchor, bob])
    expect(store.listPeers({ anchorsOnly: true }).map((p) => p.node_id)).toEqual([anchor])
    expect(store.removePeer(bob)).toBe(true)
    expect(store.getPeer(bob)).toBeUndefined()
  })

  it('rejects bad peer fields naming them', async () => {
    const store = await openTestStore()
    expect(() => store.upsertPeer(peer({ is_anchor: 1 as unknown as boolean }))).toThrow('peer.is_anchor')
    expect(() => store.upsertPeer(peer({ found_via: 'dht' as never }))).toThrow('peer.found_via')
    expect(() => store.upsertPeer(peer({ addresses: [3 as unknown as string] }))).toThrow('peer.addresses[0]')
    expect(store.listPeers()).toEqual([])
  })

  it('tracks mesh slots', async () => {
    const store = await openTestStore(manualClock(7))
    store.setMeshPeer(bob, 'preferred')
    store.setMeshPeer(carol, 'wide', 3)
    expect(store.listMeshPeers()).toEqual([
      { node_id: carol, slot_kind: 'wide', connected_at: 3 },
      { node_id: bob, slot_kind: 'preferred', connected_at: 7 },
    ])
    expect(store.listMeshPeers('preferred').map((m) => m.node_id)).toEqual([bob])
    expect(() => store.setMeshPeer(bob, 'huge' as never)).toThrow('slotKind')
    expect(store.removeMeshPeer(bob)).toBe(true)
  })

  it('replaces the reach table rows of one mesh peer atomically', async () => {
    const store = await openTestStore(manualClock(9))
    store.replaceReachable(2, bob, [alice, carol])
    store.replaceReachable(2, anchor, [alice])
    store.replaceReachable(2, bob, [carol])
    expect(store.listReachable(2)).toEqual(
      [
        { node_id: alice, via_peer: anchor, updated_at: 9 },
        { node_id: carol, via_peer: bob, updated_at: 9 },
      ].sort((a, b) => (a.node_id < b.node_id ? -1 : 1)),
    )
    expect(store.listReachable(3)).toEqual([])
    expect(() => store.replaceReachable(2, bob, [alice, 'x' as NodeId])).toThrow('nodeIds[1]')
    expect(store.listReachable(2, carol)).toHaveLength(1)
    expect(() => store.listReachable(4 as 2)).toThrow('level')
  })

  it('stores social routes', async () => {
    const store = await openTestStore(manualClock(11))
    store.setSocialRoute(carol, ['/x'])
    expect(store.getSocialRoute(carol)).toEqual({ node_id: carol, addresses: ['/x'], updated_at: 11 })
    expect(store.removeSocialRoute(carol)).toBe(true)
    expect(store.getSocialRoute(carol)).toBeUndefined()
  })
})

describe('settings', () => {
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
  it('round-trips JSON values checked by a guard', async () => {
    const store = await openTestStore()
    expect(store.getSetting('default-anchor', isBool)).toBeUndefined()
    store.setSetting('default-anchor', true)
    expect(store.getSetting('default-anchor', isBool)).toBe(true)
    store.setSetting('anchors', ['/a', '/b'])
    expect(() => store.getSetting('anchors', isBool)).toThrow(
      expect.objectContaining({ name: 'CorruptStorageError' }),
    )
    expect(store.deleteSetting('anchors')).toBe(true)
    expect(() => store.setSetting('', 1)).toThrow('key')
    expect(() => store.setSetting('k', undefined as never)).toThrow('value')
  })

  it('saves, lists in creation order, updates and deletes custom feeds', async () => {
    const store = await openTestStore()
    store.saveCustomFeed({ id: 'f1', name: 'Photos', with_media: true })
    store.saveCustomFeed({ id: 'f2', name: 'Fam', circle: 'Family', text: 'cake' })
    store.saveCustomFeed({ id: 'f1', name: 'Pics', with_media: true, authors: [bob] })
    expect(store.listCustomFeeds()).toEqual([
      { id: 'f1', name: 'Pics', with_media: true, authors: [bob] },
      { id: 'f2', name: 'Fam', circle: 'Family', text: 'cake' },
    ])
    store.deleteCustomFeed('f2')
    expect(store.getCustomFeed('f2')).toBeUndefined()
    expect(() => store.deleteCustomFeed('f2')).toThrow(expect.objectContaining({ name: 'NotFoundError' }))
    expect(() => store.saveCustomFeed({ id: 'f3', name: '' })).toThrow('feed.name')
    expect(() => store.saveCustomFeed({ id: 'f3', name: 'x', with_media: 'yes' as never })).toThrow(
      'feed.with_media',
    )
  })

  it('keeps DM state: accept, ignore, read marks only move forward', async () => {
    const store = await openTestStore(manualClock(1000))
    expect(store.getDmState(bob)).toEqual({ peer: bob, status: null, last_read_at: null })
    store.acceptDm(bob)
    store.markDmRead(bob)
    store.markDmRead(bob, 500)
    expect(store.getDmState(bob)).toEqual({ peer: bob, status: 'accepted', last_read_at: 1000 })
    store.ignoreDm(bob)
    expect(store.getDmState(bob).status).toBe('ignored')
  })
})
