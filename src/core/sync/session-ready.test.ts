import { describe, expect, it } from 'vitest'
import { StorageWriteError } from '../errors.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, makePost, storeWith } from './test-support/fixtures.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()

/** A promise and the functions that settle it. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve = (): void => {}
  let reject = (_: Error): void => {}
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

/** A pull of `n` posts of Alice's from a responder, the requester waiting on `ready`. */
async function pullWaitingFor(n: number) {
  const posts = await Promise.all(Array.from({ length: n }, (_, i) => makePost(alice, T + i + 1)))
  const server = storeWith(posts)
  const client = storeWith([])
  const ready = deferred()
  const [a, b] = memoryPipe()
  const served = runResponder(b, { store: server, verifier: modelVerifier, requester: bob.nodeId })
  const pulled = runRequester(a, {
    store: client,
    verifier: modelVerifier,
    wants: [alice.nodeId],
    ready: ready.promise,
  })
  return { server, client, ready, served, pulled }
}

describe('a pull with `ready` (the group exchange beside it, issues 12 and 14)', () => {
  it('sends its hello while `ready` is pending and takes no item before it', async () => {
    const { server, client, ready, served, pulled } = await pullWaitingFor(3)
    // the responder got the hello and loaded the set it asks about
    await until(() => server.keysLoaded === 3)
    await new Promise((r) => setTimeout(r, 20))
    expect(client.writes).toBe(0)
    expect(client.posts.size).toBe(0)
    ready.resolve()
    const result = await pulled
    await served
    expect(result.received.posts).toBe(3)
    expect(client.posts.size).toBe(3)
  })

  it('ends the session with the error `ready` rejects with, storing nothing', async () => {
    const { server, client, ready, served, pulled } = await pullWaitingFor(2)
    await until(() => server.keysLoaded === 2)
    ready.reject(new StorageWriteError('the exchange could not write'))
    await expect(pulled).rejects.toThrow(StorageWriteError)
    await expect(served).rejects.toThrow()
    expect(client.posts.size).toBe(0)
  })
})
