import { describe, expect, it } from 'vitest'
import type { NodeId } from '../../model/types.ts'
import { SyncScheduler } from '../../sync/index.ts'
import { createSyncNow } from './sync-now.ts'

const anchor = 'anchor' as NodeId
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * A node's pulls from one anchor over held sessions: each session records the follows its hello
 * names (read when it starts, as `helloWants` does) and ends when the test releases it.
 */
function heldNode(dialMs: number) {
  const follows = new Set<string>()
  const sessions: string[][] = []
  const waiting: Array<() => void> = []
  const scheduler = new SyncScheduler(async () => {
    sessions.push([...follows])
    await new Promise<void>((r) => waiting.push(r))
  })
  const syncNow = createSyncNow({
    pulls: { mark: () => scheduler.mark(), pullNow: (peer, after) => scheduler.request(peer, after) },
    // listing the peers dials the anchors first, which takes a while over libp2p
    targets: async () => {
      await sleep(dialMs)
      return [anchor]
    },
  })
  return {
    scheduler,
    sessions,
    /** follow.add: the follow is stored, then Sync now is asked for (reachInBackground). */
    follow: (id: string): Promise<number> => {
      follows.add(id)
      return syncNow.run()
    },
    /** follow.add as the node does it: marked when stored, Sync now asked for after a dial. */
    followMarked: (id: string): Promise<number> => {
      follows.add(id)
      const stored = scheduler.mark()
      return sleep(dialMs).then(() => syncNow.run(stored))
    },
    /** Ends every session as it comes until `done` settles. */
    async releaseUntil(done: Promise<unknown>): Promise<void> {
      let finished = false
      void done.finally(() => {
        finished = true
      })
      while (!finished) {
        waiting.shift()?.()
        await settle()
      }
    },
    async stop(): Promise<void> {
      await syncNow.stop()
      await scheduler.stop()
    },
  }
}

describe('Sync now', () => {
  it('costs the session under way and one more for a burst of 100 follows, not a third that finds nothing', async () => {
    const node = heldNode(20)
    // the pull on identify is under way when the follows come
    const identify = node.scheduler.request(anchor)
    const follows = Promise.all(Array.from({ length: 100 }, (_, i) => node.follow(`author-${i}`)))
    await node.releaseUntil(follows)
    await identify
    await sleep(50)
    expect(node.sessions.map((s) => s.length)).toEqual([0, 100])
    await node.stop()
  })

  it('runs no session for follows that the session under way already names (it started after they were stored)', async () => {
    const node = heldNode(5)
    const follows = Array.from({ length: 100 }, (_, i) => node.followMarked(`author-${i}`))
    // an anchor dialled for the first follow is identified, and pulled, before Sync now is asked for
    const identify = node.scheduler.request(anchor)
    const all = Promise.all(follows)
    await sleep(20)
    await node.releaseUntil(all)
    await identify
    await sleep(20)
    expect(node.sessions.map((s) => s.length)).toEqual([100])
    await node.stop()
  })

  it('pulls a follow added during a session in a session after it', async () => {
    const node = heldNode(1)
    const first = node.follow('author-1')
    while (node.sessions.length === 0) await settle()
    const added = node.follow('author-2') // while the session runs
    let addedServed = false
    void added.then(() => {
      addedServed = true
    })
    await sleep(10)
    await node.releaseUntil(first)
    expect(addedServed).toBe(false)
    await node.releaseUntil(added)
    expect(node.sessions).toEqual([['author-1'], ['author-1', 'author-2']])
    await node.stop()
  })
})
