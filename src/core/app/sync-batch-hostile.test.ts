/**
 * A hostile responder over real frames against a node's own sync adapter (issue 12): one forged
 * post among many in a batch is refused alone, the rest land in one batch write each, and the
 * same batch replayed stores nothing twice.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { NodeEvent } from '../api/index.ts'
import { createPost, generateIdentity } from '../model/index.ts'
import type { SignedPost } from '../model/types.ts'
import { runRequester } from '../sync/index.ts'
import { POST_BATCH } from '../sync/requester.ts'
import { scripted } from '../sync/test-support/hostile.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const now = 1_800_000_000_000
const POSTS = 700

function postsAdded(events: readonly NodeEvent[]): number {
  return events.reduce(
    (n, e) => n + (e.type === 'posts.added' ? e.posts.length : e.type === 'post.added' ? 1 : 0),
    0,
  )
}

describe('a batch from a hostile responder', () => {
  it('refuses the one post with a forged visibility signature among 700, stores the rest, and a replay adds nothing', async () => {
    const newcomer = await offlinePerson(SQL, 'Newcomer', { clock: { now: () => now } })
    const author = generateIdentity()
    const posts: SignedPost[] = []
    for (let i = 0; i < POSTS; i++)
      posts.push(
        await createPost(
          { identity: author, content: `post ${i}`, attachments: [], created_at: now - 60_000 + i },
          { type: 'public' },
        ),
      )
    const victim = posts[300] as SignedPost
    const forged = {
      ...victim,
      visibility_signature: victim.visibility_signature.map((b, i) => (i === 0 ? b ^ 1 : b)),
    }
    const frames = posts.map((p) => ({ type: 'post' as const, post: (p === victim ? forged : p) as never }))

    const [a, b] = memoryPipe()
    const peer = scripted(b)
    const reasons: string[] = []
    const deps = nodeSyncDeps(newcomer.node.context)
    const pulling = runRequester(a, {
      store: deps.store,
      verifier: deps.verifier,
      wants: [author.nodeId],
      now: () => now,
      onReject: (r) => reasons.push(r),
    })
    await peer.next()
    // the batch, then the same batch replayed, forged post included: nothing is stored twice
    await peer.send(...frames, ...frames, { type: 'over' })
    expect((await peer.turn()).at(-1)).toEqual({ type: 'done' })
    await peer.close()
    const result = await pulling

    expect(result.received.posts).toBe(POSTS - 1)
    expect(result.skipped).toEqual({ InvalidSignatureError: 2 })
    expect(reasons).toEqual(['InvalidSignatureError', 'InvalidSignatureError'])
    expect(result.rejected).toBe(POSTS - 1)
    expect(newcomer.store.hasPost(victim.id)).toBe(false)
    for (const p of posts) if (p !== victim) expect(newcomer.store.hasPost(p.id)).toBe(true)
    expect(postsAdded(newcomer.events)).toBe(POSTS - 1)
    // one coalesced event per stored batch, not one per post
    const batchEvents = newcomer.events.filter((e) => e.type === 'posts.added' || e.type === 'post.added')
    expect(batchEvents.length).toBeLessThanOrEqual(Math.ceil(POSTS / POST_BATCH) + 1)
  })
})
