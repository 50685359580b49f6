/**
 * Revocation (seed D-2) through the node service offline: sync access list and re-encrypt on the
 * author's side, and what a remaining or removed recipient's store does with the results.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { decryptContent, generateIdentity, type Identity, openContentKey } from '../model/index.ts'
import type { PostId, SignedPost, Verified } from '../model/types.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { decodeBody } from './encrypted-body.ts'
import type { NodeService } from './node-service.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const bob = generateIdentity()
const carol = generateIdentity()
let store: Store
let node: NodeService
let now = 1_800_000_000_000

function freshStore(): Store {
  return openStore(createSqlJsDriver(new SQL.Database()))
}

function dump(s: Store): string {
  const tables = s.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return JSON.stringify(tables.map(({ name }) => [name, s.db.all(`SELECT * FROM "${name}"`)]))
}

async function readAs(who: Identity, post: SignedPost): Promise<string> {
  const cek = await openContentKey(who, post.post, post.visibility)
  return decodeBody(decryptContent(cek, post.post.content, post.post)).text
}

async function circlePosts(texts: string[]): Promise<Verified<SignedPost>[]> {
  await node.handlers['circles.create']({ name: 'close', members: [bob.nodeId, carol.nodeId] })
  const out: Verified<SignedPost>[] = []
  for (const content of texts) {
    now += 1000
    const view = await node.handlers['post.create']({
      content,
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
    out.push(store.getPost(view.id)!.signed as Verified<SignedPost>)
  }
  return out
}

beforeEach(async () => {
  ;({ store, node } = await offlinePerson(SQL, 'Alice', { clock: { now: () => now } }))
})

describe('sync access list', () => {
  it('re-wraps the same post for the remaining members: Carol can no longer open it, Bob still can', async () => {
    const posts = await circlePosts(['one', 'two', 'three'])
    now += 1000
    const result = await node.handlers['circles.removeMember']({
      name: 'close',
      member: carol.nodeId,
      past: 'access-list',
    })
    expect(result.members).toEqual([bob.nodeId])
    expect(result.revocation).toEqual({
      changed: expect.arrayContaining(posts.map((p) => p.id)),
      unchanged: 0,
    })
    for (const old of posts) {
      const current = store.getPost(old.id)!.signed
      expect(current.visibility_updated_at).toBeGreaterThan(old.visibility_updated_at)
      expect(await readAs(bob, current)).toBe(await readAs(bob, old))
      await expect(readAs(carol, current)).rejects.toMatchObject({ name: 'NotARecipientError' })
      const audience = await node.handlers['post.audience']({ id: old.id })
      expect(audience.recipients).not.toContain(carol.nodeId)
      expect(audience.recipients).toContain(bob.nodeId)
    }
  })

  it('never lets an older header win over the newer one', async () => {
    const [old] = await circlePosts(['one'])
    now += 1000
    await node.handlers['post.removeRecipients']({ id: old!.id, remove: [carol.nodeId], mode: 'access-list' })
    expect(store.updateVisibility(old!)).toBe('stale')
    await expect(readAs(carol, store.getPost(old!.id)!.signed)).rejects.toMatchObject({
      name: 'NotARecipientError',
    })
  })

  it('leaves posts that do not list the removed person alone', async () => {
    await circlePosts(['one'])
    const stranger = generateIdentity().nodeId
    await node.handlers['circles.addMember']({ name: 'close', member: stranger })
    const result = await node.handlers['circles.removeMember']({
      name: 'close',
      member: stranger,
      past: 'access-list',
    })
    expect(result.revocation).toEqual({ changed: [], unchanged: 1 })
  })
})

describe('re-encrypt', () => {
  it('makes one new version per post that replaces the old one, which the author deletes', async () => {
    const posts = await circlePosts(['one', 'two', 'three'])
    now += 1000
    const result = await node.handlers['circles.removeMember']({
      name: 'close',
      member: carol.nodeId,
      past: 're-encrypt',
    })
    const changed = result.revocation!.changed
    expect(changed).toHaveLength(3)
    const byReplaced = new Map(
      changed.map((id) => [store.getPost(id)!.signed.post.replaces, store.getPost(id)!.signed]),
    )
    for (const old of posts) {
      expect(store.hasPost(old.id)).toBe(false)
      expect(store.isTombstoned(old.id, old.post.author)).toBe(true)
      const fresh = byReplaced.get(old.id)!
      expect(fresh.post.created_at).toBe(old.post.created_at)
      expect(await readAs(bob, fresh)).toBe(await readAs(bob, old))
      await expect(readAs(carol, fresh)).rejects.toMatchObject({ name: 'NotARecipientError' })
    }
    const mine = await node.handlers['feed.page']({ query: { type: 'mine' }, limit: 50 })
    expect(mine.posts.map((p) => p.id).sort()).toEqual([...changed].sort())
  })

  it('gives a remaining recipient one logical post: the new version takes the old one’s place', async () => {
    const [old] = await circlePosts(['one'])
    now += 1000
    const { changed } = await node.handlers['post.removeRecipients']({
      id: old!.id,
      remove: [carol.nodeId],
      mode: 're-encrypt',
    })
    const fresh = store.getPost(changed[0]!)!.signed as Verified<SignedPost>
    const bobs = freshStore()
    expect(bobs.putPost(old!)).toBe('inserted')
    expect(bobs.putPost(fresh)).toBe('inserted')
    expect(bobs.hasPost(old!.id)).toBe(false)
    expect(bobs.countPosts()).toBe(1)
    // The old version arriving again from a slow holder does not come back.
    expect(bobs.putPost(old!)).toBe('tombstoned')
    expect(bobs.countPosts()).toBe(1)
  })
})

describe('bad input writes nothing', () => {
  async function refuses(call: Promise<unknown>, name: string): Promise<void> {
    const before = dump(store)
    await expect(call).rejects.toMatchObject({ name })
    expect(dump(store)).toBe(before)
  }

  it('refuses to remove the author from their own post', async () => {
    const [post] = await circlePosts(['one'])
    const self = node.context.identity!.nodeId
    await refuses(
      node.handlers['post.removeRecipients']({ id: post!.id, remove: [self], mode: 'access-list' }),
      'ValidationError',
    )
  })

  it('refuses a public post, a post of someone else and an unknown post', async () => {
    const pub = await node.handlers['post.create']({
      content: 'hi',
      intent: { type: 'public' },
      attachments: [],
    })
    await refuses(
      node.handlers['post.removeRecipients']({ id: pub.id, remove: [bob.nodeId], mode: 're-encrypt' }),
      'ValidationError',
    )
    await refuses(
      node.handlers['post.removeRecipients']({
        id: 'ab'.repeat(32) as PostId,
        remove: [bob.nodeId],
        mode: 're-encrypt',
      }),
      'NotFoundError',
    )
  })

  it('refuses a re-encrypted post that names a post of someone else', async () => {
    const [alices] = await circlePosts(['one'])
    const bobsStore = freshStore()
    bobsStore.putPost(alices!)
    const { createPost } = await import('../model/index.ts')
    const forged = await createPost(
      {
        identity: bob,
        content: 'mine now',
        attachments: [],
        created_at: alices!.post.created_at,
        replaces: alices!.id,
      },
      { type: 'public' },
    )
    const before = dump(bobsStore)
    expect(() => bobsStore.putPost(forged)).toThrow(
      expect.objectContaining({ name: 'ReplacedPostMismatchError' }),
    )
    expect(dump(bobsStore)).toBe(before)
    expect(bobsStore.hasPost(alices!.id)).toBe(true)
  })
})
