/**
 * Issue 10 "secrets at rest": the seed is stored only wrapped by the device key (bad keys lose
 * nothing), and decrypted DM / circle text only sealed (local-text.ts).
 */
import initSqlJs, { type Database } from 'sql.js'
import { describe, expect, it } from 'vitest'
import { randomBytes, toHex } from '../crypto/index.ts'
import { generateIdentity } from '../model/index.ts'
import type { SignedPost, Verified } from '../model/types.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { openLocalText, sealLocalText } from './local-text.ts'
import { readPost } from './reading.ts'
import type { SecretWrapper } from './secret-wrapper.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'
import { offlineNodeService } from './test-support/offline-person.ts'

const SQL = await initSqlJs()

function nodeOver(db: Database, secrets: SecretWrapper) {
  const store = openStore(createSqlJsDriver(db))
  const node = offlineNodeService(store, { secrets })
  return { store, node }
}

function latin1(db: Database): string {
  return Array.from(db.export(), (b) => String.fromCharCode(b)).join('')
}

/** True iff the database image holds `seed` as hex or as raw bytes. */
function imageHolds(db: Database, seed: Uint8Array): boolean {
  const image = latin1(db)
  return image.includes(toHex(seed)) || image.includes(String.fromCharCode(...seed))
}

const settings = (store: Store) => ({
  plain: store.getSetting('identity.seed', (v): v is string => typeof v === 'string'),
  wrapped: store.getSetting('identity.seed.wrapped', (v): v is string => typeof v === 'string'),
})

describe('identity seed at rest', () => {
  it('stores a new identity only wrapped: neither its hex nor its bytes are in the database', async () => {
    const db = new SQL.Database()
    const key = randomBytes(32)
    const { store, node } = nodeOver(db, memorySecretWrapper(key))
    await node.start()
    await node.handlers['identity.create']({ display_name: 'Ann', bio: '' })
    const identity = node.context.identity!
    expect(settings(store).plain).toBeUndefined()
    expect(settings(store).wrapped).toBeDefined()
    expect(imageHolds(db, identity.seed)).toBe(false)
    const again = nodeOver(db, memorySecretWrapper(key))
    await again.node.start()
    expect(again.node.context.identity?.nodeId).toBe(identity.nodeId)
  })

  it('migrates a seed stored in the clear: wraps it and deletes the clear copy', async () => {
    const db = new SQL.Database()
    const identity = generateIdentity()
    const first = nodeOver(db, memorySecretWrapper())
    first.store.setSetting('identity.seed', toHex(identity.seed))
    const key = randomBytes(32)
    const { store, node } = nodeOver(db, memorySecretWrapper(key))
    await node.start()
    expect(node.context.identity?.nodeId).toBe(identity.nodeId)
    expect(settings(store).plain).toBeUndefined()
    expect(settings(store).wrapped).toBeDefined()
    expect(imageHolds(db, identity.seed)).toBe(false)
    const reopened = nodeOver(db, memorySecretWrapper(key))
    await reopened.node.start()
    expect(reopened.node.context.identity?.nodeId).toBe(identity.nodeId)
  })

  it('refuses a wrong device key or a damaged wrapped seed with DeviceKeyError and writes nothing', async () => {
    const db = new SQL.Database()
    const key = randomBytes(32)
    const made = nodeOver(db, memorySecretWrapper(key))
    await made.node.start()
    await made.node.handlers['identity.create']({ display_name: 'Ann', bio: '' })
    const nodeId = made.node.context.identity!.nodeId
    const before = settings(made.store)

    const wrongKey = nodeOver(db, memorySecretWrapper(randomBytes(32)))
    await expect(wrongKey.node.start()).rejects.toMatchObject({ name: 'DeviceKeyError' })
    expect(wrongKey.node.context.identity).toBeUndefined()
    expect(settings(wrongKey.store)).toEqual(before)

    for (const damaged of ['', 'not base64!', `${before.wrapped!.slice(0, -4)}AAAA`, 'AAAA']) {
      made.store.setSetting('identity.seed.wrapped', damaged)
      const n = nodeOver(db, memorySecretWrapper(key))
      await expect(n.node.start()).rejects.toMatchObject({ name: 'DeviceKeyError' })
      expect(settings(n.store).wrapped).toBe(damaged)
    }
    made.store.setSetting('identity.seed.wrapped', before.wrapped!)
    const right = nodeOver(db, memorySecretWrapper(key))
    await right.node.start()
    expect(right.node.context.identity?.nodeId).toBe(nodeId)
  })
})

describe('decrypted text at rest', () => {
  it('seals text under the identity: another identity or damage reads nothing', () => {
    const me = generateIdentity()
    const sealed = sealLocalText(me, 'meet at 6 🕕')!
    expect(sealed).not.toContain('meet')
    expect(openLocalText(me, sealed)).toBe('meet at 6 🕕')
    expect(openLocalText(generateIdentity(), sealed)).toBeNull()
    expect(openLocalText(me, `${sealed.slice(0, -3)}AAA`)).toBeNull()
    expect(openLocalText(me, 'meet at 6')).toBeNull()
    expect(sealLocalText(me, null)).toBeNull()
  })

  it('keeps a DM out of both databases in the clear, yet both sides read it', async () => {
    const text = 'DM-plaintext-that-must-stay-sealed'
    const [aDb, bDb] = [new SQL.Database(), new SQL.Database()]
    const a = nodeOver(aDb, memorySecretWrapper())
    const b = nodeOver(bDb, memorySecretWrapper())
    for (const n of [a, b]) {
      await n.node.start()
      await n.node.handlers['identity.create']({ display_name: 'n', bio: '' })
    }
    const bob = b.node.context.identity!
    const sent = await a.node.handlers['messages.send']({ to: bob.nodeId, content: text })
    expect(sent.content).toBe(text)
    const post = a.store.getPost(sent.id)!.signed as Verified<SignedPost>
    b.store.putPost(post, await readPost(post, bob))
    expect(latin1(aDb)).not.toContain(text)
    expect(latin1(bDb)).not.toContain(text)
    const threads = await b.node.handlers['messages.threads']({})
    expect(threads[0]?.last_preview).toBe(text)
    const page = await b.node.handlers['feed.page']({
      query: { type: 'thread', peer: a.node.context.identity!.nodeId },
      limit: 10,
    })
    expect(page.posts[0]).toMatchObject({ content: text, audience: { type: 'direct' } })
    expect(page.posts[0]!.audience).toEqual({
      type: 'direct',
      recipients: [a.node.context.identity!.nodeId, bob.nodeId],
    })
  })
})
