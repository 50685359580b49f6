import { describe, expect, it } from 'vitest'
import type { ByteStream } from './channel.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, makePost, makeProfile, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const reader = generateIdentity()

/** A pipe end that counts the writes made on it. */
function counting(stream: ByteStream): { stream: ByteStream; writes: () => number } {
  let n = 0
  return {
    stream: {
      source: stream.source,
      write: (bytes) => {
        n++
        return stream.write(bytes)
      },
      close: () => stream.close(),
      abort: (err) => stream.abort(err),
    },
    writes: () => n,
  }
}

async function serverOf(authors: number) {
  const people = Array.from({ length: authors }, () => generateIdentity())
  const server = storeWith(await Promise.all(people.map((p, i) => makePost(p, T + i))))
  for (const [i, p] of people.entries()) server.seedProfile(await makeProfile(p, T + 100 + i))
  return { people, server }
}

describe('responder writes (issue 12)', () => {
  it('sends the profiles and posts of 70 authors in a handful of writes, not one per item', async () => {
    const { people, server } = await serverOf(70)
    const [a, b] = memoryPipe()
    const served = counting(b)
    const client = storeWith([])
    const [result] = await Promise.all([
      runRequester(a, { store: client, verifier: modelVerifier, wants: people.map((p) => p.nodeId) }),
      runResponder(served.stream, { store: server, verifier: modelVerifier, requester: reader.nodeId }),
    ])
    expect(result.received.posts).toBe(70)
    expect(result.received.profiles).toBe(70)
    // 140 item frames: 2 writes of profiles, 2 of posts, plus the turn's `over` and a handful more
    expect(served.writes()).toBeLessThan(10)
  })

  it('still cuts a session whose records pass maxItems, before sending them', async () => {
    const { people, server } = await serverOf(70)
    const [a, b] = memoryPipe()
    const served = counting(b)
    const [pulled, sent] = await Promise.allSettled([
      runRequester(a, { store: storeWith([]), verifier: modelVerifier, wants: people.map((p) => p.nodeId) }),
      runResponder(served.stream, {
        store: server,
        verifier: modelVerifier,
        requester: reader.nodeId,
        maxItems: 30,
      }),
    ])
    expect(sent).toMatchObject({ status: 'rejected', reason: { name: 'SyncAbortedError' } })
    expect(pulled.status).toBe('rejected')
  })
})
