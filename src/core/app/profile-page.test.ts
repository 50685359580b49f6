/**
 * A person's profile page (issue 16) on real node services over sql.js: their avatar as it arrives
 * by sync (a peer lying about an image's type gets nothing shown), and their posts the viewer can read.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyProfile } from '../model/index.ts'
import type { BlobId } from '../model/types.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { sniffImageMime } from './profile-page.ts'
import {
  deliverPost,
  type OfflinePerson,
  offlinePerson,
  TEST_BOOTSTRAP,
} from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

let alice: OfflinePerson
let bob: OfflinePerson

beforeEach(async () => {
  alice = await offlinePerson(SQL, 'Alice', { bootstrap: TEST_BOOTSTRAP })
  bob = await offlinePerson(SQL, 'Bob', { bootstrap: TEST_BOOTSTRAP })
})

/** Bob's current profile and its avatar blob reach Alice the way a sync session stores them. */
async function syncProfile(from: OfflinePerson, to: OfflinePerson): Promise<void> {
  const sync = nodeSyncDeps(to.node.context).store
  const profile = from.store.getProfile(from.id)!
  await sync.putProfile(await verifyProfile(profile, Date.now()))
  const avatar = profile.record.avatar
  if (avatar !== undefined) await sync.putBlob(avatar, from.store.getBlob(avatar)!.bytes)
}

describe('profile avatars', () => {
  it('hands over an avatar that arrived by sync with the type its bytes show, and null once removed', async () => {
    expect(await alice.call('profile.avatar', { node_id: bob.id })).toBeNull()
    await bob.call('profile.update', {
      display_name: 'Bob',
      bio: '',
      avatar: { bytes: PNG, mime: 'image/png' },
    })
    await syncProfile(bob, alice)
    // The sync path stores a profile's blob as application/octet-stream; the bytes say PNG.
    expect(await alice.call('profile.avatar', { node_id: bob.id })).toEqual({
      blob: bob.store.getProfile(bob.id)?.record.avatar,
      bytes: PNG,
      mime: 'image/png',
    })

    await bob.call('profile.update', { display_name: 'Bob', bio: '', avatar: null })
    expect(bob.store.getProfile(bob.id)?.record.avatar).toBeUndefined()
    await syncProfile(bob, alice)
    expect(await alice.call('profile.avatar', { node_id: bob.id })).toBeNull()
  })

  it('shows nothing for an avatar whose bytes are no image, whatever type was claimed', async () => {
    const script = new TextEncoder().encode('<svg onload="alert(1)"></svg>')
    await bob.call('profile.update', {
      display_name: 'Bob',
      bio: '',
      avatar: { bytes: script, mime: 'image/png' },
    })
    await syncProfile(bob, alice)
    expect(alice.store.getBlob(bob.store.getProfile(bob.id)!.record.avatar as BlobId)).toBeDefined()
    expect(await alice.call('profile.avatar', { node_id: bob.id })).toBeNull()
  })

  it('shows no avatar of a blocked person, and own avatar to oneself', async () => {
    await bob.call('profile.update', {
      display_name: 'Bob',
      bio: '',
      avatar: { bytes: PNG, mime: 'image/png' },
    })
    expect(await bob.call('profile.avatar', { node_id: bob.id })).toMatchObject({ mime: 'image/png' })
    await syncProfile(bob, alice)
    await alice.call('people.moderate', { node_id: bob.id, level: 'blocked' })
    expect(await alice.call('profile.avatar', { node_id: bob.id })).toBeNull()
  })

  it('tells image types by their first bytes', () => {
    expect(sniffImageMime(PNG)).toBe('image/png')
    expect(sniffImageMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageMime(new TextEncoder().encode('GIF89a'))).toBe('image/gif')
    expect(sniffImageMime(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageMime(new Uint8Array(0))).toBeNull()
    expect(sniffImageMime(new TextEncoder().encode('<svg/>'))).toBeNull()
  })
})

describe('posts by author', () => {
  it('lists what the viewer can read, newest first and in pages, without DMs or posts sealed to others', async () => {
    const carol = await offlinePerson(SQL, 'Carol', { bootstrap: TEST_BOOTSTRAP })
    await alice.call('follow.add', { target: bob.id })
    await bob.call('follow.add', { target: alice.id })
    await bob.call('circles.create', { name: 'close', members: [alice.id] })
    await bob.call('circles.create', { name: 'others', members: [carol.id] })
    const sent = []
    for (const [i, intent] of [
      { type: 'public' },
      { type: 'circle', name: 'close' },
      { type: 'circle', name: 'others' },
      { type: 'public' },
    ].entries()) {
      sent.push(
        await bob.call('post.create', { content: `post ${i}`, intent: intent as never, attachments: [] }),
      )
    }
    sent.push(await bob.call('messages.send', { to: alice.id, content: 'a DM' }))
    for (const p of sent) await deliverPost(bob, alice, p.id).catch(() => undefined)

    const first = await alice.call('post.byAuthor', { author: bob.id, limit: 2 })
    expect(first.posts.map((p) => p.content)).toEqual(['post 3'])
    expect(first.next).toBeDefined()
    const all = await alice.call('post.byAuthor', { author: bob.id, limit: 50 })
    expect(all.posts.map((p) => p.content)).toEqual(['post 3', 'post 1', 'post 0'])
    expect(all.posts.every((p) => p.author === bob.id && !p.is_own)).toBe(true)
    const rest = await alice.call('post.byAuthor', { author: bob.id, before: first.next!, limit: 50 })
    expect(rest.posts.map((p) => p.content)).toEqual(['post 1', 'post 0'])

    const own = await bob.call('post.byAuthor', { author: bob.id, limit: 50 })
    expect(own.posts.map((p) => p.content)).toEqual(['post 3', 'post 2', 'post 1', 'post 0'])
  })

  it("keeps a muted author's page and empties a blocked one's", async () => {
    await alice.call('follow.add', { target: bob.id })
    const post = await bob.call('post.create', {
      content: 'hello',
      intent: { type: 'public' },
      attachments: [],
    })
    await deliverPost(bob, alice, post.id)
    await alice.call('people.moderate', { node_id: bob.id, level: 'muted' })
    expect((await alice.call('feed.page', { query: { type: 'home' }, limit: 10 })).posts).toEqual([])
    expect((await alice.call('post.byAuthor', { author: bob.id, limit: 10 })).posts).toHaveLength(1)
    await alice.call('people.moderate', { node_id: bob.id, level: 'blocked' })
    expect((await alice.call('post.byAuthor', { author: bob.id, limit: 10 })).posts).toEqual([])
  })
})
