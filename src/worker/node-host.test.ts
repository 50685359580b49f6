/**
 * The host answers the feed's first page before the node is "ready" (issue 12): as soon as the
 * storage is open and the identity loaded, `feed.page` is served while the rest of the start
 * (network, status) still runs; before that it waits, and a failed start fails it with the
 * start's typed error — never an empty page passed off as the feed.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { NodeStatus } from '../core/api/index.ts'
import type { NodeService } from '../core/app/index.ts'
import { memorySecretWrapper } from '../core/app/test-support/memory-secret-wrapper.ts'
import { offlineNodeService } from '../core/app/test-support/offline-person.ts'
import { CorruptStorageError } from '../core/errors.ts'
import { createSqlJsDriver, openStore, type Store } from '../core/storage/index.ts'
import { deferred } from './deferred.ts'
import type { NodeAppOptions } from './node-app.ts'
import { createNodeHost, type NodeHostOptions } from './node-host.ts'
import type { DurableStorage } from './storage/index.ts'

const SQL = await initSqlJs()
const secrets = memorySecretWrapper()

/** A database holding an identity and `posts` of its own public posts, as a returning user has. */
async function returningUser(posts: number): Promise<Uint8Array> {
  const db = new SQL.Database()
  const node = service(openStore(createSqlJsDriver(db)))
  await node.start()
  await node.handlers['identity.create']({ display_name: 'Ada', bio: '' })
  for (let i = 0; i < posts; i++)
    await node.handlers['post.create']({ content: `post ${i}`, intent: { type: 'public' }, attachments: [] })
  return db.export()
}

function service(store: Store): NodeService {
  return offlineNodeService(store, { secrets })
}

/** The host over `bytes`, whose start (after the identity loaded) waits for `rest` to be released. */
function host(bytes: Uint8Array | Error, overrides: Partial<NodeHostOptions> = {}) {
  const rest = deferred<void>()
  const statuses: NodeStatus[] = []
  const h = createNodeHost({
    host: 'shared-worker',
    broadcast: (e) => {
      if (e.type === 'status') statuses.push(e.status)
    },
    acquireStorageLock: async () => {},
    openStorage: async () => {
      if (bytes instanceof Error) throw bytes
      const driver = createSqlJsDriver(new SQL.Database(bytes))
      return { driver, report: { warnings: [] } } as unknown as DurableStorage
    },
    // The order of startNodeApp: load the identity, say the feed is readable, then start the rest.
    startApp: async (opts) => {
      const node = service(openStore(opts.driver))
      await node.loadIdentity()
      opts.onReadable?.(node)
      await rest.promise
      await node.start()
      return node
    },
    origin: 'http://127.0.0.1',
    ...overrides,
  })
  return { h, rest, statuses }
}

describe('the first feed page before "ready"', () => {
  it('answers feed.page once the identity is loaded, while the start still runs and nothing says ready', async () => {
    const { h, rest, statuses } = host(await returningUser(3))
    const page = h.handlers['feed.page']({ query: { type: 'home' }, limit: 50 })
    void h.start()
    const answered = await page
    expect(answered.posts.map((p) => p.content)).toEqual(['post 2', 'post 1', 'post 0'])
    expect(answered.posts.every((p) => p.is_own)).toBe(true)
    expect(h.status().phase).toBe('starting')
    expect(statuses.some((s) => s.phase === 'ready')).toBe(false)

    // Every other method still waits for the whole start.
    let circles = false
    const listed = h.handlers['circles.list']({}).then(() => {
      circles = true
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(circles).toBe(false)
    rest.resolve()
    await listed
    await h.start()
    expect(h.status().phase).toBe('ready')
  })

  it('fails a feed.page asked before the storage opened with the open’s typed error, never an empty page', async () => {
    const { h } = host(new CorruptStorageError('no snapshot plus log restores every committed write'))
    const page = h.handlers['feed.page']({ query: { type: 'home' }, limit: 50 })
    void h.start()
    await expect(page).rejects.toMatchObject({ name: 'CorruptStorageError' })
    expect(h.status().phase).toBe('failed')
  })

  it('tells a profile without an identity that it needs one (NoIdentityError), not an empty feed', async () => {
    const { h } = host(new SQL.Database().export())
    void h.start()
    await expect(h.handlers['feed.page']({ query: { type: 'home' }, limit: 50 })).rejects.toMatchObject({
      name: 'NoIdentityError',
    })
  })

  it('still shape-checks the params of an early feed.page (ValidationError), before any storage', async () => {
    const { h } = host(await returningUser(1))
    await expect(
      h.handlers['feed.page']({ query: { type: 'home' }, limit: -1 } as never),
    ).rejects.toMatchObject({ name: 'ValidationError' })
  })
})

describe('whether storage is persisted', () => {
  it('asks the browser once per start and again after a request for persistence (issue 12)', async () => {
    let granted = false
    let asked = 0
    let persistence: NodeAppOptions['persistence'] | undefined
    const { h } = host(await returningUser(1), {
      storageManager: {
        persisted: async () => {
          asked++
          return granted
        },
        persist: async () => {
          granted = true
          return true
        },
      },
      startApp: async (opts) => {
        persistence = opts.persistence
        const node = service(openStore(opts.driver))
        await node.start()
        return node
      },
    })
    await h.start()
    await expect(persistence?.persisted()).resolves.toBe(false)
    await expect(persistence?.persisted()).resolves.toBe(false)
    expect(asked).toBe(1)
    await expect(persistence?.persist()).resolves.toBe(true)
    await expect(persistence?.persisted()).resolves.toBe(true)
    expect(asked).toBe(2)
    await expect(h.handlers['node.requestPersistence']({})).resolves.toEqual({ persisted: true })
    expect(asked).toBe(3)
  })
})
