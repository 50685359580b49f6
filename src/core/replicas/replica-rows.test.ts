/**
 * Report times survive a restart (issue 15): Alice's book is saved to real SQLite; after a restart
 * (a new book and liveness loaded from the same database) Bob's old reports replayed over real
 * sync frames are refused with ReplayedReportError and write nothing; a newer one is taken.
 */
import { describe, expect, it } from 'vitest'
import { storeAsSyncStore } from '../app/sync-adapter.ts'
import type { NodeId } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import { dumpTables, openTestStore } from '../storage/test-support/fixtures.ts'
import { runRequester } from '../sync/requester.ts'
import { runResponder } from '../sync/responder.ts'
import { generateIdentity, makePost, storeWith } from '../sync/test-support/fixtures.ts'
import { memoryPipe } from '../sync/test-support/memory-pipe.ts'
import { modelVerifier } from '../sync/test-support/model-verifier.ts'
import { type HoldingReport, signHoldingReport } from './holding-report.ts'
import { ReplicaBook } from './replica-book.ts'
import { loadOwnHolders, saveHolders } from './replica-rows.ts'
import { ReportOutbox } from './report-outbox.ts'
import { syncLiveness } from './sync-liveness.ts'

const T = 1_700_000_000_000
const alice = generateIdentity()
const bob = generateIdentity()

/** Alice's node as it starts: its book loaded from `store` and saved back on every change. */
function aliceNode(store: Store) {
  const book = new ReplicaBook({
    onChange: (post, holders) => saveHolders(store.db, post, holders, alice.nodeId),
  })
  for (const [post, holders] of loadOwnHolders(store.db, alice.nodeId))
    book.track(post, alice.nodeId, holders)
  const refused: string[] = []
  const liveness = syncLiveness({
    book,
    outbox: new ReportOutbox(),
    lookup: () => undefined,
    mayProve: () => false,
    now: () => T,
    onRefused: (_p, reason) => refused.push(reason),
  })
  return { book, liveness, refused }
}

/** Bob pulls from Alice with `reports` riding on his check frame. */
async function bobReports(store: Store, node: ReturnType<typeof aliceNode>, reports: unknown[]) {
  const outbox = new ReportOutbox()
  for (const r of reports) outbox.add(r as never)
  const [a, b] = memoryPipe()
  const served = runResponder(b, {
    store: storeAsSyncStore(store),
    verifier: modelVerifier,
    requester: bob.nodeId,
    now: () => T,
    liveness: node.liveness,
  })
  await runRequester(a, {
    store: storeWith([]),
    verifier: modelVerifier,
    wants: [alice.nodeId as NodeId],
    peer: alice.nodeId,
    now: () => T,
    liveness: syncLiveness({
      book: new ReplicaBook(),
      outbox,
      lookup: () => undefined,
      mayProve: () => false,
      now: () => T,
    }),
  })
  await served
}

describe('report times across a restart', () => {
  it('refuses a replayed report after a restart, writing nothing, and takes a newer one', async () => {
    const store = await openTestStore({ now: () => T })
    const made = await makePost(alice, T - 60_000)
    store.putPost(made.post)
    const id = made.post.id
    const report = (held: boolean, at: number) =>
      signHoldingReport(bob, {
        v: 1,
        holder: bob.nodeId,
        author: alice.nodeId,
        post_id: id,
        held,
        at,
      } satisfies HoldingReport)
    const stored = await report(true, T - 2000)
    const dropped = await report(false, T - 1000)

    const before = aliceNode(store)
    await bobReports(store, before, [stored])
    await bobReports(store, before, [dropped])
    expect(before.refused).toEqual([])
    expect(before.book.liveHolders(id, T)).toEqual([])
    expect(store.db.all('SELECT holder, report_at FROM replica_reports WHERE post_id = ?', [id])).toEqual([
      { holder: bob.nodeId, report_at: T - 1000 },
    ])

    // restart: the in-memory book is gone; the old "I hold it" is replayed
    const after = aliceNode(store)
    const rows = dumpTables(store)
    await bobReports(store, after, [stored])
    await bobReports(store, after, [dropped])
    expect(after.refused).toEqual(['ReplayedReportError', 'ReplayedReportError'])
    expect(after.book.liveHolders(id, T)).toEqual([])
    expect(dumpTables(store)).toEqual(rows)

    await bobReports(store, after, [await report(true, T - 500)])
    expect(after.book.liveHolders(id, T)).toEqual([bob.nodeId])
    expect(store.db.all('SELECT node_id FROM replicas WHERE post_id = ?', [id])).toEqual([
      { node_id: bob.nodeId },
    ])
  })
})
