/**
 * Replicas in the node service (issue 15) with real SQLite stores: Bob follows Alice and pulls her
 * post; his "I hold it" report rides on his next pull; Alice's own pull from Bob proves he still
 * holds it; her feed shows the post's redundancy and Settings counts low-redundancy posts.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { keptReplicaMap } from '../replicas/index.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { nodeReplicas } from './node-replicas.ts'
import type { NodeService } from './node-service.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = Date.now() - 3 * 24 * 60 * 60_000

async function makeNode(name: string): Promise<NodeService> {
  return (await offlinePerson(SQL, name, { clock: { now: () => now } })).node
}

const idOf = (n: NodeService) => n.context.identity?.nodeId as NodeId

/** `from` pulls `wants` from `to` with both nodes' real sync deps (liveness included). */
async function pull(from: NodeService, to: NodeService, wants: NodeId[]) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, { ...nodeSyncDeps(to.context), requester: idOf(from) })
  const result = await runRequester(a, { ...nodeSyncDeps(from.context), wants, peer: idOf(to) })
  await served
  return result
}

let alice: NodeService
let bob: NodeService
beforeEach(async () => {
  alice = await makeNode('Alice')
  bob = await makeNode('Bob')
  await bob.handlers['follow.add']({ target: idOf(alice) })
})

async function ownPost(): Promise<PostId> {
  now += 1000
  const view = await alice.handlers['post.create']({
    content: 'hold me',
    intent: { type: 'public' },
    attachments: [],
  })
  return view.id
}

async function feedRedundancy(id: PostId) {
  const page = await alice.handlers['feed.page']({ query: { type: 'mine' }, limit: 20 })
  return page.posts.find((p) => p.id === id)?.redundancy
}

describe('replicas in the node', () => {
  it('learns of a follower replica from its report, proves it in sync, and shows the redundancy', async () => {
    const id = await ownPost()
    expect(await feedRedundancy(id)).toEqual({ live: 0, target: 3, low: true })
    expect(await alice.handlers['replicas.summary']({})).toMatchObject({ own_posts: 1, low: 1, target: 3 })

    await pull(bob, alice, [idOf(alice)])
    expect(bob.context.store.getPost(id)).toBeDefined()
    now += 1000
    await pull(bob, alice, [idOf(alice)]) // the report rides on Bob's next pull
    expect(await feedRedundancy(id)).toEqual({ live: 1, target: 3, low: true })
    const row = alice.context.store.db.get<{ node_id: string }>(
      'SELECT node_id FROM replicas WHERE post_id = ?',
      [id],
    )
    expect(row?.node_id).toBe(idOf(bob))

    // a day later Bob is no longer seen; Alice's own pull from Bob proves he still holds it
    now += 25 * 60 * 60_000
    expect(await feedRedundancy(id)).toEqual({ live: 0, target: 3, low: true })
    const result = await pull(alice, bob, [idOf(alice)])
    expect(result.skipped).toEqual({})
    expect(await feedRedundancy(id)).toEqual({ live: 1, target: 3, low: true })
  })

  it('marks the replica dropped when the holder no longer has the post', async () => {
    const id = await ownPost()
    await pull(bob, alice, [idOf(alice)])
    await pull(bob, alice, [idOf(alice)])
    expect((await feedRedundancy(id))?.live).toBe(1)
    bob.context.store.db.run('DELETE FROM posts WHERE id = ?', [id])
    await pull(alice, bob, [idOf(alice)])
    expect((await feedRedundancy(id))?.live).toBe(0)
    expect(alice.context.store.db.get('SELECT 1 AS x FROM replicas WHERE post_id = ?', [id])).toBeUndefined()
  })

  it('sends the signed map to a follower pulling from the author, kept in its replica_maps', async () => {
    const id = await ownPost()
    await pull(bob, alice, [idOf(alice)])
    now += 1000
    await pull(bob, alice, [idOf(alice)]) // Bob's report: he holds it
    const carol = await makeNode('Carol')
    await carol.handlers['follow.add']({ target: idOf(alice) })
    await pull(carol, alice, [idOf(alice)])
    const kept = keptReplicaMap(carol.context.store.db, id)
    expect(kept?.record).toMatchObject({ author: idOf(alice), post_id: id, holders: [idOf(bob)] })
    // Carol's own report rides on her next pull, so the map she gets then lists her too
    await pull(carol, alice, [idOf(alice)])
    const next = keptReplicaMap(carol.context.store.db, id)
    expect(next?.record).toMatchObject({ holders: [idOf(bob), idOf(carol)].sort() })
    expect(next?.record.updated_at).toBeGreaterThan(kept?.record.updated_at ?? 0)
    // nothing changed: the map is not sent again
    await pull(carol, alice, [idOf(alice)])
    expect(keptReplicaMap(carol.context.store.db, id)?.record.updated_at).toBe(next?.record.updated_at)
  })

  it('an anchor pin is reported to the author as a replica even when the first report was lost', async () => {
    const id = await ownPost()
    await pull(bob, alice, [idOf(alice)])
    nodeReplicas(bob.context).outbox.take(idOf(alice), 1000) // the "I hold it" report is lost
    now += 1000
    await pull(bob, alice, [idOf(alice)])
    expect((await feedRedundancy(id))?.live).toBe(0)
    await bob.handlers['post.pin']({ id, mode: 'anchor' })
    now += 1000
    await pull(bob, alice, [idOf(alice)]) // the pin's report rides on Bob's next pull
    expect(await feedRedundancy(id)).toEqual({ live: 1, target: 3, low: true })
    expect(nodeReplicas(alice.context).book.liveHolders(id, now)).toEqual([idOf(bob)])
  })

  it('counts a peer that pulled its posts as a follower for the cascade, not one that pulled only its own', async () => {
    await ownPost()
    const mallory = await makeNode('Mallory')
    await pull(mallory, alice, [idOf(mallory)])
    expect(nodeReplicas(alice.context).pullers.since(0)).toEqual([])
    await pull(bob, alice, [idOf(alice), idOf(bob)])
    expect(nodeReplicas(alice.context).pullers.since(0)).toEqual([idOf(bob)])
  })
})
