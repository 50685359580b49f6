/**
 * Replicas bench (issue 15): what passive liveness adds to a periodic sync when the author tracks
 * 10k posts held by the peer (an up-to-date sync with and without the `check`/`held` exchange, at
 * the default probe size and at the frame's maximum), the holder's cost to answer, and the time to
 * restore redundancy after a replica drops in the 20-node simulation (simulated clock; real sessions).
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { shouldSendPost } from '../src/core/model/index.ts'
import type { NodeId, PostId, SignedPost } from '../src/core/model/types.ts'
import { REPLICA_DEFAULTS, ReplicaBook, ReportOutbox, syncLiveness } from '../src/core/replicas/index.ts'
import { memoryCopies } from '../src/core/replicas/test-support/memory-copies.ts'
import { SimulatedNetwork } from '../src/core/replicas/test-support/simulated-network.ts'
import { FRAME_LIMITS, runRequester, runResponder, type SyncResult } from '../src/core/sync/index.ts'
import { generateIdentity } from '../src/core/sync/test-support/fixtures.ts'
import { memoryPipe } from '../src/core/sync/test-support/memory-pipe.ts'
import { MemorySyncStore } from '../src/core/sync/test-support/memory-sync-store.ts'
import { modelVerifier } from '../src/core/sync/test-support/model-verifier.ts'
import type { BenchSection } from './types.ts'

const POSTS = 10_000
const T0 = 1_700_000_000_000

/** A stand-in post with 200 bytes of content (never sent: both sides are up to date). */
function fakePost(author: NodeId, created_at: number): SignedPost {
  const id = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0')).join('') as PostId
  return {
    id,
    post: { v: 1, author, created_at, content: 'x'.repeat(200), attachments: [] },
    signature: new Uint8Array(64),
    visibility: { type: 'public' },
    visibility_signature: new Uint8Array(64),
    visibility_updated_at: created_at,
  }
}

function livenessOf(store: MemorySyncStore, book: ReplicaBook, probeIds: number) {
  return syncLiveness({
    book,
    outbox: new ReportOutbox(),
    lookup: memoryCopies(store),
    mayProve: (requester, post) => shouldSendPost(post, requester, new Set([post.post.author])),
    now: () => T0,
    probeIds,
  })
}

async function pull(
  author: NodeId,
  holder: NodeId,
  authorStore: MemorySyncStore,
  holderStore: MemorySyncStore,
  probeIds: number | undefined,
): Promise<{ result: SyncResult; proveMs: number }> {
  const book = new ReplicaBook()
  const holderBook = new ReplicaBook()
  for (const id of authorStore.posts.keys()) {
    book.track(id, author)
    book.recordProof(holder, id, true, T0 - 1)
  }
  const [a, b] = memoryPipe()
  let proveMs = 0
  const holderLiveness = livenessOf(holderStore, holderBook, 0)
  const timedProve: typeof holderLiveness.prove = async (requester, probe) => {
    const started = performance.now()
    const answer = await holderLiveness.prove?.(requester, probe)
    proveMs = performance.now() - started
    return answer as NonNullable<typeof answer>
  }
  const served = runResponder(b, {
    store: holderStore,
    verifier: modelVerifier,
    requester: author,
    ...(probeIds === undefined ? {} : { liveness: { ...holderLiveness, prove: timedProve } }),
  })
  const result = await runRequester(a, {
    store: authorStore,
    verifier: modelVerifier,
    wants: [author],
    peer: holder,
    ...(probeIds === undefined ? {} : { liveness: livenessOf(authorStore, book, probeIds) }),
  })
  await served
  return { result, proveMs }
}

/** Runs the replicas bench. */
export async function runReplicasBench(): Promise<BenchSection> {
  const author = generateIdentity().nodeId
  const holder = generateIdentity().nodeId
  const posts = Array.from({ length: POSTS }, (_, i) => fakePost(author, T0 + i * 60_000))
  const authorStore = new MemorySyncStore()
  const holderStore = new MemorySyncStore()
  for (const p of posts) {
    authorStore.seedPost(p)
    holderStore.seedPost(p)
  }
  const bytes = (r: SyncResult) => r.bytesIn + r.bytesOut
  const plain = await pull(author, holder, authorStore, holderStore, undefined)
  const probeDefault = await pull(author, holder, authorStore, holderStore, REPLICA_DEFAULTS.probeIds)
  const probeMax = await pull(author, holder, authorStore, holderStore, FRAME_LIMITS.idsPerProbe)
  const added = bytes(probeDefault.result) - bytes(plain.result)
  const addedMax = bytes(probeMax.result) - bytes(plain.result)
  const sweeps = Math.ceil(POSTS / REPLICA_DEFAULTS.probeIds)

  // Restoration in the simulation: 20 nodes, a replica's node closes; timeout 30 min, sync every 5 min.
  const DROP = 30 * 60_000
  const EVERY = 5 * 60_000
  const sim = new SimulatedNetwork({ nodes: 20, dropAfterMs: DROP, syncEveryMs: EVERY })
  const alice = sim.at(0)
  for (let i = 1; i <= 6; i++) sim.at(i).follows.add(alice.id)
  alice.follows.add(sim.at(1).id)
  const ids: PostId[] = []
  for (let i = 0; i < 20; i++) ids.push(await sim.post(alice))
  await sim.advance(EVERY)
  sim.at(1).online = false
  const droppedAt = sim.now
  let restoredAt = Number.NaN
  const wallStart = performance.now()
  while (sim.now - droppedAt < 3 * DROP) {
    await sim.advance(60_000)
    const lost = ids.filter((id) => !alice.book.liveHolders(id, sim.now).includes(sim.at(1).id))
    if (lost.length === ids.length && ids.every((id) => !alice.book.status(id, sim.now).low)) {
      restoredAt = sim.now
      break
    }
  }
  const wallMs = performance.now() - wallStart
  return {
    title: 'Replicas: passive liveness and restoration (issue 15)',
    figures: [
      {
        name: `bytes a liveness check adds to an up-to-date sync, author tracking ${POSTS} posts held by the peer (probe of ${REPLICA_DEFAULTS.probeIds} ids)`,
        value: added,
        unit: 'B',
        comparedTo: `the same sync without liveness: ${bytes(plain.result)} B`,
        note: `${(added / REPLICA_DEFAULTS.probeIds).toFixed(1)} B per probed post; all ${POSTS} proven once every ${sweeps} syncs with this peer`,
      },
      {
        name: `bytes added with the largest probe (${FRAME_LIMITS.idsPerProbe} ids, one control frame)`,
        value: addedMax,
        unit: 'B',
        comparedTo: `every one of ${POSTS} ids once: ≈ ${Math.round((addedMax / FRAME_LIMITS.idsPerProbe) * POSTS)} B over ${Math.ceil(POSTS / FRAME_LIMITS.idsPerProbe)} syncs`,
      },
      {
        name: `holder's time to prove ${FRAME_LIMITS.idsPerProbe} posts (BLAKE3 keyed over post bytes, warm)`,
        value: probeMax.proveMs,
        unit: 'ms',
        comparedTo: `informational; the first, cold probe of ${REPLICA_DEFAULTS.probeIds} took ${probeDefault.proveMs.toFixed(0)} ms`,
        note: 'posts without blobs; each blob adds one 4 KiB window to hash',
      },
      {
        name: 'time to restore redundancy after a replica drops (20-node simulation, 20 posts)',
        value: (restoredAt - droppedAt) / 60_000,
        unit: 'min (simulated)',
        comparedTo: `drop timeout ${DROP / 60_000} min + sync every ${EVERY / 60_000} min: bound ${(DROP + 2 * EVERY) / 60_000} min`,
        meetsTarget: restoredAt - droppedAt <= DROP + 2 * EVERY,
        note: `wall time of the simulated hour: ${wallMs.toFixed(0)} ms (real sessions over in-memory pipes)`,
      },
    ],
  }
}
