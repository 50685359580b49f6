/**
 * Sync bench (docs/design.md §5): bytes and round trips of `/distsoc/sync/1.0.0` over the in-memory session
 * pair, for 10k posts by 100 authors on both sides — up to date, and with 1% new posts — beside the
 * seed's "Hello with every post id" design computed on the same data.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { encode } from 'cborg'
import type { NodeId, PostId, SignedPost } from '../src/core/model/types.ts'
import { runRequester, runResponder, type SyncResult } from '../src/core/sync/index.ts'
import {
  generateIdentity,
  type Identity,
  makePost,
  storeWith,
} from '../src/core/sync/test-support/fixtures.ts'
import { memoryPipe } from '../src/core/sync/test-support/memory-pipe.ts'
import type { MemorySyncStore } from '../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../src/core/sync/test-support/model-verifier.ts'
import type { BenchSection } from './types.ts'

const AUTHORS = 100
const PER_AUTHOR = 100
const T0 = 1_700_000_000_000

/** A stand-in post: never sent in the up-to-date case, so it needs no signature. */
function fakePost(author: NodeId, created_at: number): SignedPost {
  const id = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0')).join('') as PostId
  return {
    id,
    post: { v: 1, author, created_at, content: '', attachments: [] },
    signature: new Uint8Array(64),
    visibility: { type: 'public' },
    visibility_signature: new Uint8Array(64),
    visibility_updated_at: created_at,
  }
}

async function session(
  client: MemorySyncStore,
  server: MemorySyncStore,
  wants: NodeId[],
): Promise<SyncResult> {
  const [a, b] = memoryPipe()
  const requester = generateIdentity().nodeId
  const [result] = await Promise.all([
    runRequester(a, { store: client, verifier: modelVerifier, wants }),
    runResponder(b, { store: server, verifier: modelVerifier, requester }),
  ])
  return result
}

/** Up-to-date sync of `n` followed authors of PER_AUTHOR posts each (issue 12's growth curve). */
async function upToDateAt(n: number): Promise<{ bytes: number; rounds: number; ms: number }> {
  const client = storeWith([])
  const server = storeWith([])
  const wants: NodeId[] = []
  for (let i = 0; i < n; i++) {
    const author = generateIdentity().nodeId
    wants.push(author)
    for (let j = 0; j < PER_AUTHOR; j++) {
      const p = fakePost(author, T0 + j * 60_000 + i)
      client.seedPost(p)
      server.seedPost(p)
    }
  }
  const t = performance.now()
  const r = await session(client, server, wants)
  return { bytes: r.bytesIn + r.bytesOut, rounds: r.roundTrips, ms: performance.now() - t }
}

/** Runs the sync bench. */
export async function runSyncBench(): Promise<BenchSection> {
  const authors: Identity[] = Array.from({ length: AUTHORS }, () => generateIdentity())
  const wants = authors.map((a) => a.nodeId)
  const base: SignedPost[] = []
  for (const [i, a] of authors.entries()) {
    for (let j = 0; j < PER_AUTHOR; j++) base.push(fakePost(a.nodeId, T0 + j * 60_000 + i))
  }
  const client = storeWith([])
  const server = storeWith([])
  for (const p of base) {
    client.seedPost(p)
    server.seedPost(p)
  }
  let t = performance.now()
  const upToDate = await session(client, server, wants)
  const upToDateMs = performance.now() - t

  const fresh = await Promise.all(
    Array.from({ length: (AUTHORS * PER_AUTHOR) / 100 }, (_, k) =>
      makePost(authors[(k * 37) % AUTHORS] as Identity, T0 + 50 * 60_000 + k * 1000 + 7),
    ),
  )
  for (const { post } of fresh) server.seedPost(post)
  t = performance.now()
  const catchUp = await session(client, server, wants)
  const catchUpMs = performance.now() - t
  const freshPostBytes = fresh.reduce((n, { post }) => n + encode({ type: 'post', post }).length + 2, 0)

  const cold = storeWith([])
  const coldServer = storeWith(fresh)
  const coldResult = await session(cold, coldServer, wants)

  const helloEveryId = encode({
    type: 'hello',
    post_ids: base.map((p) => Uint8Array.from(Buffer.from(p.id, 'hex'))),
    follows: wants,
  }).length
  const total = (r: SyncResult) => r.bytesIn + r.bytesOut
  const curve = []
  for (const n of [10, 100, 1000]) curve.push({ n, ...(await upToDateAt(n)) })
  return {
    title: 'Sync protocol (in-memory session pair, 10k posts by 100 authors)',
    figures: [
      {
        name: 'Up-to-date sync: bytes both ways',
        value: total(upToDate),
        unit: 'B',
        comparedTo: 'target ≤ 6 KB; seed design (Hello with every post id) ≈ ' + helloEveryId + ' B',
        meetsTarget: total(upToDate) <= 6000,
      },
      {
        name: 'Up-to-date sync: round trips',
        value: upToDate.roundTrips,
        unit: 'round trips',
        comparedTo: 'target ≤ 3',
        meetsTarget: upToDate.roundTrips <= 3,
      },
      {
        name: 'Up-to-date sync: time',
        value: Math.round(upToDateMs),
        unit: 'ms',
        comparedTo: 'informational',
      },
      {
        name: 'Seed design: Hello with every post id (same data)',
        value: helloEveryId,
        unit: 'B',
        comparedTo: 'docs/design.md §5 estimate ≈ 330 KB',
      },
      {
        name: '1% new (100 posts over 63 authors): bytes both ways',
        value: total(catchUp),
        unit: 'B',
        comparedTo: `the 100 post frames alone are ${freshPostBytes} B; seed design ≈ ${helloEveryId + freshPostBytes} B`,
        note: `received ${catchUp.received.posts} posts`,
      },
      {
        name: '1% new: reconciliation overhead (bytes beyond the post frames)',
        value: total(catchUp) - freshPostBytes,
        unit: 'B',
        comparedTo: 'informational',
      },
      {
        name: '1% new: round trips',
        value: catchUp.roundTrips,
        unit: 'round trips',
        comparedTo: 'informational',
      },
      {
        name: '1% new: time (incl. verifying 100 posts)',
        value: Math.round(catchUpMs),
        unit: 'ms',
        comparedTo: 'informational',
      },
      {
        name: 'Cold sync of 100 posts: bytes beyond the post frames',
        value: total(coldResult) - freshPostBytes,
        unit: 'B',
        comparedTo: 'proportional to what is missing',
        note: `received ${coldResult.received.posts} posts in ${coldResult.roundTrips} round trips`,
      },
      ...curve.map(({ n, bytes, rounds, ms }) => ({
        name: `Up-to-date sync with ${n} followed authors (${PER_AUTHOR} posts each): bytes both ways`,
        value: bytes,
        unit: 'B',
        comparedTo: `growth curve (≈ ${Math.round(bytes / n)} B per author; a hello carries ≤ 1,000 authors)`,
        note: `${rounds} round trips, ${Math.round(ms)} ms`,
      })),
    ],
  }
}
