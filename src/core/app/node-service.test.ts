/**
 * The application layer offline (no network): what each RPC method writes, and what bad input
 * gets — a typed error and nothing written.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { NodeEvent } from '../api/index.ts'
import { generateIdentity } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { silentLogger } from '../net/index.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { createNodeService, type NodeService } from './node-service.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'

const SQL = await initSqlJs()
let store: Store
let node: NodeService
let events: NodeEvent[]

function fresh(): { store: Store; node: NodeService } {
  const s = openStore(createSqlJsDriver(new SQL.Database()))
  const n = createNodeService({
    store: s,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: (e) => events.push(e),
    secrets: memorySecretWrapper(),
    host: 'shared-worker',
    persistence: { persisted: async () => false, persist: async () => false },
    exportCost: { log2N: 10, r: 8, p: 1 },
  })
  return { store: s, node: n }
}

/** Every row of every table, to prove a failed call wrote nothing. */
function dump(s: Store): string {
  const tables = s.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return JSON.stringify(tables.map(({ name }) => [name, s.db.all(`SELECT * FROM "${name}"`)]))
}

async function rejects(call: Promise<unknown>, name: string): Promise<void> {
  const before = dump(store)
  await expect(call).rejects.toMatchObject({ name })
  expect(dump(store)).toBe(before)
}

const other = generateIdentity().nodeId

beforeEach(async () => {
  events = []
  ;({ store, node } = fresh())
  await node.start()
})

describe('first run', () => {
  it('needs setup until an identity is created, then is ready with the name', async () => {
    expect((await node.handlers['node.status']({})).phase).toBe('needs-setup')
    const status = await node.handlers['identity.create']({ display_name: ' Ada ', bio: '' })
    expect(status).toMatchObject({ phase: 'ready', display_name: 'Ada' })
    expect(events.some((e) => e.type === 'status' && e.status.phase === 'ready')).toBe(true)
  })

  it('refuses an empty name and writes nothing', async () => {
    await rejects(node.handlers['identity.create']({ display_name: '   ', bio: '' }), 'ValidationError')
    expect((await node.handlers['node.status']({})).phase).toBe('needs-setup')
  })

  it('refuses work before setup with NoIdentityError', async () => {
    await rejects(
      node.handlers['post.create']({ content: 'hi', intent: { type: 'public' }, attachments: [] }),
      'NoIdentityError',
    )
  })
})

describe('with an identity', () => {
  beforeEach(async () => {
    await node.handlers['identity.create']({ display_name: 'Ada', bio: 'hello' })
  })

  it('posts publicly and finds the post in the home feed and in My Posts', async () => {
    const post = await node.handlers['post.create']({
      content: 'first!',
      intent: { type: 'public' },
      attachments: [],
    })
    const home = await node.handlers['feed.page']({ query: { type: 'home' }, limit: 10 })
    const mine = await node.handlers['feed.page']({ query: { type: 'mine' }, limit: 10 })
    expect(home.posts.map((p) => p.id)).toEqual([post.id])
    expect(mine.posts[0]).toMatchObject({ content: 'first!', is_own: true, audience: { type: 'public' } })
  })

  it('encrypts a circle post, reads it back as its author, and badges it with the circle', async () => {
    await node.handlers['circles.create']({ name: 'close', members: [other] })
    const post = await node.handlers['post.create']({
      content: 'secret',
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
    const stored = store.getPost(post.id)
    expect(stored?.signed.visibility.type).toBe('encrypted')
    expect(stored?.signed.post.content).not.toContain('secret')
    expect(post).toMatchObject({
      content: 'secret',
      audience: { type: 'encrypted' },
      sent_to: 'close',
    })
  })

  it('refuses a post over 5000 characters, a non-image attachment and an unknown circle, writing nothing', async () => {
    await rejects(
      node.handlers['post.create']({
        content: 'x'.repeat(5001),
        intent: { type: 'public' },
        attachments: [],
      }),
      'TooLargeError',
    )
    await rejects(
      node.handlers['post.create']({
        content: 'look',
        intent: { type: 'public' },
        attachments: [{ bytes: new Uint8Array([1, 2, 3]), mime: 'application/pdf' }],
      }),
      'ValidationError',
    )
    await rejects(
      node.handlers['post.create']({
        content: 'hi',
        intent: { type: 'circle', name: 'nope' },
        attachments: [],
      }),
      'NotFoundError',
    )
  })

  it('refuses a duplicate circle name and a malformed connect string, writing nothing', async () => {
    await node.handlers['circles.create']({ name: 'close', members: [] })
    await rejects(node.handlers['circles.create']({ name: 'close', members: [] }), 'DuplicateError')
    await rejects(node.handlers['follow.add']({ target: 'distsoc:not-a-node-id' }), 'InvalidNodeIdError')
    await rejects(node.handlers['follow.add']({ target: '' }), 'ValidationError')
  })

  it('deletes its own post and keeps a tombstone', async () => {
    const post = await node.handlers['post.create']({
      content: 'oops',
      intent: { type: 'public' },
      attachments: [],
    })
    await node.handlers['post.delete']({ id: post.id })
    expect(store.hasPost(post.id)).toBe(false)
    expect(store.isTombstoned(post.id, post.author)).toBe(true)
  })

  it('follows by connect string and shows the contact under follows', async () => {
    const person = await node.handlers['follow.add']({
      target: `distsoc:${other}?anchor=${encodeURIComponent(`/dns4/a.example/tcp/443/wss/p2p/${other}`)}`,
    })
    expect(person).toMatchObject({ node_id: other, following: true, relation: 'follow' })
    expect((await node.handlers['people.list']({ filter: 'follows' })).map((p) => p.node_id)).toEqual([other])
  })

  it('round-trips the identity through a passphrase file and refuses a wrong passphrase', async () => {
    const { file } = await node.handlers['identity.export']({ passphrase: 'correct horse' })
    const me = (await node.handlers['node.status']({})).node_id as NodeId
    const second = fresh()
    store = second.store
    await second.node.start()
    await rejects(
      second.node.handlers['identity.import']({ file, passphrase: 'wrong' }),
      'WrongPassphraseError',
    )
    const damaged = file.slice(0, file.length - 3)
    await rejects(
      second.node.handlers['identity.import']({ file: damaged, passphrase: 'correct horse' }),
      'MalformedError',
    )
    const status = await second.node.handlers['identity.import']({ file, passphrase: 'correct horse' })
    expect(status.node_id).toBe(me)
  })

  it('exports all data and imports it on another device; a damaged file changes nothing', async () => {
    await node.handlers['post.create']({ content: 'keep me', intent: { type: 'public' }, attachments: [] })
    await node.handlers['circles.create']({ name: 'close', members: [other] })
    await node.handlers['follow.add']({ target: other })
    const { file } = await node.handlers['data.export']({})

    const second = fresh()
    store = second.store
    await second.node.start()
    await second.node.handlers['identity.create']({ display_name: 'Ada again', bio: '' })
    await rejects(second.node.handlers['data.import']({ file: file.slice(0, 40) }), 'MalformedError')
    await rejects(second.node.handlers['data.import']({ file: new Uint8Array([0xa0]) }), 'MalformedError')
    expect(await second.node.handlers['data.import']({ file })).toEqual({ posts: 1 })
    expect(second.store.listCircles()).toEqual([{ name: 'close', members: [other] }])
    expect(second.store.isFollowing(other)).toBe(true)
  })

  it('keeps the default anchor: it can be disabled, never removed', async () => {
    const withDefault = fresh()
    const addr = `/dns4/shareat.app/tcp/443/wss/p2p/${other}`
    const n = createNodeService({
      store: withDefault.store,
      clock: { now: () => Date.now() },
      logger: silentLogger,
      bootstrap: { anchors: [], defaultAnchor: addr },
      emit: () => {},
      secrets: memorySecretWrapper(),
      host: 'shared-worker',
      persistence: { persisted: async () => false, persist: async () => false },
    })
    await n.start()
    await n.handlers['identity.create']({ display_name: 'Bea', bio: '' })
    store = withDefault.store
    await rejects(n.handlers['anchors.remove']({ addr }), 'ValidationError')
    const list = await n.handlers['anchors.setDefaultEnabled']({ enabled: false })
    expect(list).toEqual([expect.objectContaining({ addr, is_default: true, enabled: false })])
    await rejects(n.handlers['anchors.add']({ addr: 'not a multiaddr' }), 'ValidationError')
  })
})

describe('start-up order (issue 12: the first page before the network)', () => {
  const secrets = memorySecretWrapper()
  const deps = (s: Store) => ({
    store: s,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: () => {},
    host: 'shared-worker' as const,
    persistence: { persisted: async () => false, persist: async () => false },
  })
  const deferred = () => {
    let resolve!: () => void
    const promise = new Promise<void>((r) => {
      resolve = r
    })
    return { promise, resolve }
  }

  it('reads the stored feed after loadIdentity alone, and loads the network only once its gate opens', async () => {
    const s = openStore(createSqlJsDriver(new SQL.Database()))
    const first = createNodeService({ ...deps(s), secrets })
    await first.start()
    await first.handlers['identity.create']({ display_name: 'Ada', bio: '' })
    await first.handlers['post.create']({ content: 'kept', intent: { type: 'public' }, attachments: [] })

    const gate = deferred()
    let dials = 0
    const again = createNodeService({
      ...deps(s),
      secrets,
      networkGate: () => gate.promise,
      createLibp2p: async () => {
        dials++
        throw new Error('no network in this test')
      },
    })
    await again.loadIdentity()
    const page = await again.handlers['feed.page']({ query: { type: 'home' }, limit: 10 })
    expect(page.posts.map((p) => p.content)).toEqual(['kept'])
    await again.start()
    expect((await again.status()).phase).toBe('ready')
    await new Promise((r) => setTimeout(r, 20))
    expect(dials).toBe(0)
    gate.resolve()
    await expect.poll(() => dials, { timeout: 5000 }).toBe(1)
  })
})
