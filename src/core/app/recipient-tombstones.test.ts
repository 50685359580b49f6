/**
 * Author deletes reach recipients who do not follow the author (seed D-2): a tombstone travels in
 * the set of every recipient of the deleted post, over real SQLite stores, revealed only to them.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { runRequester, runResponder } from '../sync/index.ts'
import { makeDelete, makePost } from '../sync/test-support/fixtures.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { storeAsSyncStore } from './sync-adapter.ts'

const SQL = await initSqlJs()
const T = 1_700_000_000_000
const alice = generateIdentity()
const carol = generateIdentity()
const dave = generateIdentity()

const fresh = (): Store => openStore(createSqlJsDriver(new SQL.Database()))

async function pull(client: Store, server: Store, requester: NodeId, wants: NodeId[]) {
  const [a, b] = memoryPipe()
  const served = runResponder(b, { store: storeAsSyncStore(server), verifier: modelVerifier, requester })
  const result = await runRequester(a, {
    store: storeAsSyncStore(client),
    verifier: modelVerifier,
    wants,
    now: () => T + 10_000,
  })
  await served.catch(() => undefined)
  return result
}

describe('tombstones in recipients’ sets', () => {
  it('brings Alice’s delete to Carol, who asks only for herself', async () => {
    const { post } = await makePost(alice, T, { recipients: [alice.nodeId, carol.nodeId] })
    const holder = fresh()
    const carols = fresh()
    holder.putPost(post)
    carols.putPost(post)
    expect(holder.deletePost(await makeDeleteVerified(post))).toBe('deleted')
    const result = await pull(carols, holder, carol.nodeId, [carol.nodeId])
    expect(result.received.deletes).toBe(1)
    expect(carols.hasPost(post.id)).toBe(false)
    expect(carols.isTombstoned(post.id, alice.nodeId)).toBe(true)
  })

  it('does not reveal the delete of an encrypted post to someone asking for its author', async () => {
    const { post } = await makePost(alice, T, { recipients: [alice.nodeId, carol.nodeId] })
    const holder = fresh()
    holder.putPost(post)
    holder.deletePost(await makeDeleteVerified(post))
    const daves = fresh()
    const result = await pull(daves, holder, dave.nodeId, [alice.nodeId])
    expect(result.received.deletes + result.rejected).toBe(0)
    const carols = fresh()
    carols.putPost(post)
    expect((await pull(carols, holder, carol.nodeId, [alice.nodeId])).received.deletes).toBe(1)
  })

  it('does not reveal that delete to someone who was not a recipient', async () => {
    const { post } = await makePost(alice, T, { recipients: [alice.nodeId, carol.nodeId] })
    const holder = fresh()
    holder.putPost(post)
    holder.deletePost(await makeDeleteVerified(post))
    const daves = fresh()
    const result = await pull(daves, holder, dave.nodeId, [carol.nodeId])
    expect(result.received.deletes).toBe(0)
    expect(daves.db.all('SELECT * FROM tombstones')).toEqual([])
  })
})

async function makeDeleteVerified(post: Parameters<typeof makeDelete>[1]) {
  const { verifyDeleteRequest } = await import('../model/index.ts')
  return verifyDeleteRequest(await makeDelete(alice, post, T + 500), T + 10_000)
}
