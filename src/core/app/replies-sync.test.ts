/**
 * Replies reach the author of the post they answer (issue 16): a public reply travels in the set of
 * the parent's author, over real SQLite stores, so Alice gets Bob's reply though she does not
 * follow him. Hostile holders: a reply to a post not held is refused, a reply flood is bounded by
 * the admission budget.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { AdmissionBudget, runRequester, runResponder, type SyncStore } from '../sync/index.ts'
import { makePost } from '../sync/test-support/fixtures.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { MemorySyncStore } from '../sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { storeAsSyncStore } from './sync-adapter.ts'

const SQL = await initSqlJs()
const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()
const carol = generateIdentity()
const dave = generateIdentity()

const fresh = (): Store => openStore(createSqlJsDriver(new SQL.Database()))

async function pull(
  client: Store,
  server: Store | SyncStore,
  requester: NodeId,
  wants: NodeId[],
  admission = new AdmissionBudget({ now: () => T }),
) {
  const [a, b] = memoryPipe()
  const reasons: string[] = []
  const store = 'db' in server ? storeAsSyncStore(server) : server
  const served = runResponder(b, { store, verifier: modelVerifier, requester })
  const result = await runRequester(a, {
    store: storeAsSyncStore(client),
    verifier: modelVerifier,
    wants,
    admission,
    now: () => T + 10_000,
    onReject: (r) => reasons.push(r),
  })
  await served.catch(() => undefined)
  return { result, reasons }
}

describe('replies in the parent author’s set', () => {
  it('brings Bob’s public reply to Alice, who asks only for herself and does not follow Bob', async () => {
    const { post: parent } = await makePost(alice, T)
    const { post: reply } = await makePost(bob, T + 1000, { reply_to: parent.id, content: 'nice one' })
    const bobs = fresh()
    bobs.putPost(parent)
    bobs.putPost(reply)
    const alices = fresh()
    alices.putPost(parent)
    const { result } = await pull(alices, bobs, alice.nodeId, [alice.nodeId])
    expect(result.received.posts).toBe(1)
    expect(alices.getPost(reply.id)?.signed.post.reply_to).toBe(parent.id)
    // in sync afterwards: nothing more to fetch
    expect((await pull(alices, bobs, alice.nodeId, [alice.nodeId])).result.received.posts).toBe(0)
  })

  it('gives a follower of Alice the reply and its parent in one session, charged as unsolicited', async () => {
    const { post: parent } = await makePost(alice, T)
    const { post: reply } = await makePost(bob, T + 1000, { reply_to: parent.id })
    const holder = fresh()
    holder.putPost(parent)
    holder.putPost(reply)
    const carols = fresh()
    const admission = new AdmissionBudget({ now: () => T })
    const { result } = await pull(carols, holder, carol.nodeId, [alice.nodeId], admission)
    expect(result.received.posts).toBe(2)
    expect(carols.hasPost(reply.id)).toBe(true)
    expect(admission.usedToday().posts).toBe(1)
  })

  it('does not reveal the reply to someone asking for neither Alice nor Bob', async () => {
    const { post: parent } = await makePost(alice, T)
    const { post: reply } = await makePost(bob, T + 1000, { reply_to: parent.id })
    const holder = fresh()
    holder.putPost(parent)
    holder.putPost(reply)
    const daves = fresh()
    const { result } = await pull(daves, holder, dave.nodeId, [dave.nodeId])
    expect(result.received.posts).toBe(0)
    expect(daves.countPosts()).toBe(0)
  })

  it('refuses a reply to a post it does not hold from a holder that lists it in Alice’s set', async () => {
    const { post: unknownParent } = await makePost(alice, T)
    const { post: reply } = await makePost(bob, T + 1000, { reply_to: unknownParent.id })
    const liar = new MemorySyncStore()
    liar.seedPost(reply)
    liar.byAuthor.set(alice.nodeId, new Set([reply.id]))
    const alices = fresh()
    const { result, reasons } = await pull(alices, liar, alice.nodeId, [alice.nodeId])
    expect(result.received.posts).toBe(0)
    expect(reasons).toEqual(['UnknownParentError'])
    expect(alices.countPosts()).toBe(0)
  })

  it('stores at most 20 of 60 replies from 60 strangers in a session (admission budget)', async () => {
    const { post: parent } = await makePost(alice, T)
    const holder = fresh()
    holder.putPost(parent)
    for (let i = 0; i < 60; i++) {
      const { post } = await makePost(generateIdentity(), T + 1000 + i, { reply_to: parent.id })
      holder.putPost(post)
    }
    const alices = fresh()
    alices.putPost(parent)
    const { result, reasons } = await pull(alices, holder, alice.nodeId, [alice.nodeId])
    expect(result.received.posts).toBe(20)
    expect(reasons.filter((r) => r === 'AdmissionRefusedError')).toHaveLength(40)
    expect(alices.countPosts()).toBe(21)
  })
})
