/**
 * A group post's replica map in the node service (issue 15), real SQLite stores and real sync
 * sessions on an in-memory pipe: Bob, a member, holds Alice's group post and reports it; Carol, a
 * member too, gets the map sealed and opens it; Mallory follows Alice but is not in the group: she
 * gets neither the post nor its map.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupId, NodeId } from '../model/types.ts'
import { keptReplicaMap } from '../replicas/index.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { acceptGroupRecords } from './group-service.ts'
import type { NodeService } from './node-service.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = Date.now() - 3 * 24 * 60 * 60_000

const makeNode = async (name: string) => (await offlinePerson(SQL, name, { clock: { now: () => now } })).node
const idOf = (n: NodeService) => n.context.identity?.nodeId as NodeId

/** `from` pulls `wants` from `to` with both nodes' real sync deps (liveness and maps included). */
async function pull(from: NodeService, to: NodeService, wants: NodeId[]) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, { ...nodeSyncDeps(to.context), requester: idOf(from) })
  const result = await runRequester(a, { ...nodeSyncDeps(from.context), wants, peer: idOf(to) })
  await served
  return result
}

let alice: NodeService
let bob: NodeService
let carol: NodeService
let mallory: NodeService
let group: GroupId

beforeEach(async () => {
  alice = await makeNode('Alice')
  bob = await makeNode('Bob')
  carol = await makeNode('Carol')
  mallory = await makeNode('Mallory')
  group = (await alice.handlers['groups.create']({ name: 'Climbing' })).id
  for (const n of [bob, carol]) {
    now += 1000
    await alice.handlers['groups.invite']({ id: group, target: idOf(n), role: 'poster' })
  }
  for (const n of [bob, carol]) {
    const seq = n.context.store.getGroup(group)?.state.seq ?? -1
    await acceptGroupRecords(n.context, alice.context.store.groupLog(group, seq))
    await n.handlers['groups.acceptInvite']({ id: group })
  }
  for (const n of [bob, carol, mallory]) await n.handlers['follow.add']({ target: idOf(alice) })
})

describe('replica maps of group posts in the node', () => {
  it('seals the map for members, who open it; a follower outside the group gets no post and no map', async () => {
    now += 1000
    const { id } = await alice.handlers['post.create']({
      content: 'crag at 9',
      intent: { type: 'group', id: group },
      attachments: [],
    })
    await pull(bob, alice, [idOf(alice)])
    expect(bob.context.store.getPost(id)).toBeDefined()
    now += 1000
    await pull(bob, alice, [idOf(alice)]) // Bob's report: he holds it

    await pull(carol, alice, [idOf(alice)])
    const map = keptReplicaMap(carol.context.store.db, id)
    expect(map !== undefined && 'sealed' in map.record).toBe(true)
    const row = carol.context.store.db.get<{ author: string }>(
      'SELECT author FROM replica_maps WHERE post_id = ?',
      [id],
    )
    expect(row?.author).toBe(idOf(alice))

    await pull(mallory, alice, [idOf(alice)])
    expect(mallory.context.store.getPost(id)).toBeUndefined()
    expect(keptReplicaMap(mallory.context.store.db, id)).toBeUndefined()
  })
})
