/** Issue 10 "secrets at rest": the seed is stored only wrapped by the device key, and bad keys lose nothing. */
import initSqlJs, { type Database } from 'sql.js'
import { describe, expect, it } from 'vitest'
import { randomBytes, toHex } from '../crypto/index.ts'
import { generateIdentity } from '../model/index.ts'
import { silentLogger } from '../net/index.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { createNodeService } from './node-service.ts'
import type { SecretWrapper } from './secret-wrapper.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'

const SQL = await initSqlJs()

function nodeOver(db: Database, secrets: SecretWrapper) {
  const store = openStore(createSqlJsDriver(db))
  const node = createNodeService({
    store,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: () => {},
    secrets,
    host: 'shared-worker',
    persistence: { persisted: async () => false, persist: async () => false },
  })
  return { store, node }
}

/** True iff the database image holds `seed` as hex or as raw bytes. */
function imageHolds(db: Database, seed: Uint8Array): boolean {
  const image = db.export()
  const latin1 = Array.from(image, (b) => String.fromCharCode(b)).join('')
  return latin1.includes(toHex(seed)) || latin1.includes(String.fromCharCode(...seed))
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
