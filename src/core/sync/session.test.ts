import { describe, expect, it } from 'vitest'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

describe('sync session', () => {
  it('pulls the public posts of a wanted author', async () => {
    const alice = generateIdentity()
    const bob = generateIdentity()
    const posts = await Promise.all([1, 2, 3].map((i) => makePost(alice, 1_700_000_000_000 + i)))
    const server = storeWith(posts)
    const client = storeWith([])
    const [a, b] = memoryPipe()
    const [result] = await Promise.all([
      runRequester(a, { store: client, verifier: modelVerifier, wants: [alice.nodeId] }),
      runResponder(b, { store: server, verifier: modelVerifier, requester: bob.nodeId }),
    ])
    expect(result.received.posts).toBe(3)
    expect(client.posts.size).toBe(3)
  })
})
