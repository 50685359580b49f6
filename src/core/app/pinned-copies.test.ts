/**
 * A fork pin is the user's own copy (issue 15): after the author's delete the feed honours it, but
 * the copy still opens (text and image, decrypted for a circle post), is in the data export and
 * comes back from it; an anchor pin goes with the delete. Real nodes on real SQLite (sql.js), offline.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BlobId, PostId } from '../model/index.ts'
import { decodeCanonical, encodeCanonical, verifyDeleteRequest } from '../model/index.ts'
import { silentLogger } from '../net/index.ts'
import { createSqlJsDriver, openStore } from '../storage/index.ts'
import { createNodeService } from './node-service.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'
import { deliverPost, type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const IMAGE = new Uint8Array(2048).map((_, i) => (i * 7 + 3) % 251)

let alice: OfflinePerson
let bob: OfflinePerson

beforeEach(async () => {
  alice = await offlinePerson(SQL, 'Alice')
  bob = await offlinePerson(SQL, 'Bob')
  await bob.call('follow.add', { target: alice.id })
  await alice.call('follow.add', { target: bob.id })
  await alice.call('circles.create', { name: 'Family', members: [bob.id] })
})

/** A new device that imports the identity `file`: a typed call into its node. */
async function freshNodeWith(file: Uint8Array, passphrase: string) {
  const node = createNodeService({
    store: openStore(createSqlJsDriver(new SQL.Database())),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: () => {},
    secrets: memorySecretWrapper(),
    host: 'shared-worker',
    persistence: { persisted: async () => false, persist: async () => false },
  })
  await node.start()
  await node.handlers['identity.import']({ file, passphrase })
  return { call: ((method, params) => node.handlers[method](params as never)) as OfflinePerson['call'] }
}

/** Alice posts with an image; Bob receives the post and its blob as sync stores them. */
async function postToBob(content: string, intent: { type: 'public' } | { type: 'circle'; name: string }) {
  const view = await alice.call('post.create', {
    content,
    intent,
    attachments: [{ bytes: IMAGE, mime: 'image/png' }],
  })
  await deliverPost(alice, bob, view.id)
  const sync = nodeSyncDeps(bob.node.context).store
  for (const a of view.attachments) await sync.putBlob(a.blob, alice.store.getBlob(a.blob)!.bytes)
  return { id: view.id, blob: view.attachments[0]!.blob as BlobId }
}

/** Alice deletes `id`; her signed delete reaches Bob as sync stores it. */
async function deleteForBob(id: PostId): Promise<void> {
  await alice.call('post.delete', { id })
  const tomb = alice.store.listTombstones([alice.id]).find((t) => t.post_id === id)!
  await nodeSyncDeps(bob.node.context).store.putDelete(await verifyDeleteRequest(tomb.request, Date.now()))
}

describe('a fork-pinned copy after the author’s delete', () => {
  it('still opens — text and decrypted image — in the pins list, while the feed honours the delete', async () => {
    const circle = await postToBob('our lighthouse', { type: 'circle', name: 'Family' })
    const open = await postToBob('the harbour', { type: 'public' })
    const image = await bob.call('blob.get', { id: circle.blob, post: circle.id })
    expect(image.bytes).toEqual(IMAGE)
    await bob.call('post.pin', { id: circle.id, mode: 'fork' })
    await bob.call('post.pin', { id: open.id, mode: 'anchor' })

    await deleteForBob(circle.id)
    await deleteForBob(open.id)

    const feed = await bob.call('feed.page', { query: { type: 'home' }, limit: 10 })
    expect(feed.posts.map((p) => p.id)).not.toContain(circle.id)
    const status = await bob.call('hosting.status', {})
    expect(status.pins).toHaveLength(1) // the anchor pin went with the original
    const [pin] = status.pins
    expect(pin).toMatchObject({ post_id: circle.id, mode: 'fork', original_held: false })
    expect(pin?.copy).toMatchObject({
      id: circle.id,
      author: alice.id,
      content: 'our lighthouse',
      pinned: 'fork',
      attachments: [{ blob: circle.blob, mime: 'image/png' }],
    })
    expect((await bob.call('blob.get', { id: circle.blob, post: circle.id })).bytes).toEqual(IMAGE)
    // the anchor pin's image went with the delete
    await expect(bob.call('blob.get', { id: open.blob, post: open.id })).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    // a copy's original still held: no `copy` (the post is in the feed)
    const again = await postToBob('kept', { type: 'public' })
    await bob.call('post.pin', { id: again.id, mode: 'fork' })
    const both = await bob.call('hosting.status', {})
    expect(both.pins.find((p) => p.post_id === again.id)?.copy).toBeUndefined()
  })

  it('is in the data export and comes back from it, still opening its image', async () => {
    const circle = await postToBob('our lighthouse', { type: 'circle', name: 'Family' })
    await bob.call('post.pin', { id: circle.id, mode: 'fork' })
    await deleteForBob(circle.id)
    const { file } = await bob.call('data.export', {})
    const decoded = decodeCanonical(file) as { pins: { mode: string; copy: { id: string } }[] }
    expect(decoded.pins).toEqual([
      expect.objectContaining({ mode: 'fork', copy: expect.objectContaining({ id: circle.id }) }),
    ])

    // Bob's identity on a fresh device: the import restores the pin and its copy opens
    const identity = await bob.call('identity.export', { passphrase: 'a long passphrase' })
    const restored = await freshNodeWith(identity.file, 'a long passphrase')
    await restored.call('data.import', { file })
    const status = await restored.call('hosting.status', {})
    expect(status.pins).toMatchObject([{ post_id: circle.id, mode: 'fork', original_held: false }])
    expect(status.pins[0]?.copy?.content).toBe('our lighthouse')
    expect((await restored.call('blob.get', { id: circle.blob, post: circle.id })).bytes).toEqual(IMAGE)
  })

  it('refuses a file whose fork pin carries a forged copy, and writes nothing', async () => {
    const circle = await postToBob('our lighthouse', { type: 'circle', name: 'Family' })
    await bob.call('post.pin', { id: circle.id, mode: 'fork' })
    const file = decodeCanonical((await bob.call('data.export', {})).file) as {
      pins: { copy: { post: { content: string } } }[]
    }
    file.pins[0]!.copy.post.content = 'forged'
    const carol = await offlinePerson(SQL, 'Carol')
    await expect(carol.call('data.import', { file: encodeCanonical(file) })).rejects.toMatchObject({
      name: 'IdMismatchError',
    })
    expect((await carol.call('hosting.status', {})).pins).toEqual([])
    const broken = { ...file, pins: [{ mode: 'fork', pinned_at: 1 }] }
    await expect(carol.call('data.import', { file: encodeCanonical(broken) })).rejects.toMatchObject({
      name: 'MalformedError',
    })
  })
})
