/**
 * A responder sending a large answer lets the event loop through between writes (next-task.ts):
 * a timer set when the session starts fires while posts are still being sent, so the transport
 * and the thread's other sessions are not held until the whole answer is encoded (issue 12).
 */
import { describe, expect, it } from 'vitest'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()

describe('a responder with a large answer', () => {
  it('lets a timer run before its last post is sent', async () => {
    const posts = await Promise.all(Array.from({ length: 600 }, (_, i) => makePost(alice, T + i)))
    const server = storeWith(posts)
    const client = storeWith([])
    const [a, b] = memoryPipe()
    let sentWhenTimerRan = -1
    let sent = 0
    const counting = {
      ...b,
      write: async (bytes: Uint8Array) => {
        sent++
        return b.write(bytes)
      },
    }
    setTimeout(() => {
      sentWhenTimerRan = sent
    }, 0)
    const served = runResponder(counting, { store: server, verifier: modelVerifier, requester: bob.nodeId })
    const pulled = runRequester(a, { store: client, verifier: modelVerifier, wants: [alice.nodeId] })
    await Promise.all([served, pulled])
    expect(client.posts.size).toBe(600)
    expect(sentWhenTimerRan).toBeGreaterThanOrEqual(0)
    expect(sentWhenTimerRan).toBeLessThan(sent - 1)
  })
})
