/**
 * The replica side's memory survives a restart (issue 15), on real SQLite (sql.js, the database
 * exported and opened again as the browser's snapshot is): the followers the cascade asks (recent
 * pullers) are still known, and a map already sent to a peer is not sent again — until its holders
 * change. Both stay bounded: ≤ 256 pullers, none older than 7 days; ≤ 256 peers of sent maps.
 */
import initSqlJs, { type Database } from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { NodeId, PostId } from '../model/types.ts'
import { FOLLOWER_WINDOW_MS, mapMemoryRows, pullerRows, RecentPullers } from '../replicas/index.ts'
import { createSqlJsDriver, openStore } from '../storage/index.ts'
import { nodeId } from '../storage/test-support/fixtures.ts'
import { generateIdentity } from '../sync/test-support/fixtures.ts'
import { nodeReplicas } from './node-replicas.ts'
import type { NodeService } from './node-service.ts'
import { memorySecretWrapper } from './test-support/memory-secret-wrapper.ts'
import { offlineNodeService } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
let now = Date.now()
const secrets = memorySecretWrapper()

async function openNode(db: Database, create: boolean): Promise<NodeService> {
  const node = offlineNodeService(openStore(createSqlJsDriver(db)), { clock: { now: () => now }, secrets })
  await node.start()
  if (create) await node.handlers['identity.create']({ display_name: 'Alice', bio: '' })
  return node
}

const carol = nodeId(301)
const eve = nodeId(302)

describe('replica memory across a restart', () => {
  it('keeps the recent pullers and does not re-send a map a peer already has, until its holders change', async () => {
    const db = new SQL.Database()
    const alice = await openNode(db, true)
    const me = alice.context.identity?.nodeId as NodeId
    const { id } = await alice.handlers['post.create']({
      content: 'hold me',
      intent: { type: 'public' },
      attachments: [],
    })
    const before = nodeReplicas(alice.context)
    before.book.recordProof(generateIdentity().nodeId, id as PostId, true, now)
    const wanted = new Set([me])
    expect(await before.liveness.maps?.(carol, wanted)).toHaveLength(1)
    expect(await before.liveness.maps?.(carol, wanted)).toEqual([])

    // restart: the database as the browser snapshots it, opened again
    now += 60_000
    const again = await openNode(new SQL.Database(db.export()), false)
    const after = nodeReplicas(again.context)
    expect(after.pullers.since(now - FOLLOWER_WINDOW_MS)).toEqual([carol])
    expect(await after.liveness.maps?.(carol, wanted)).toEqual([]) // Carol has it: not re-sent
    expect(await after.liveness.maps?.(eve, wanted)).toHaveLength(1) // a peer never sent it: sent
    now += 1000
    after.book.recordProof(generateIdentity().nodeId, id as PostId, true, now) // a new holder: a new map for Carol
    expect(await after.liveness.maps?.(carol, wanted)).toHaveLength(1)
    expect(after.pullers.since(0)).toEqual([carol, eve])
  })

  it('bounds the pullers: at most 256, none older than the follower window', async () => {
    const store = openStore(createSqlJsDriver(new SQL.Database()))
    const rows = pullerRows(store.db)
    const t = 1_800_000_000_000
    for (let i = 0; i < 300; i++) rows.save(nodeId(1000 + i), t - (300 - i) * 60_000)
    rows.save(nodeId(9), t - FOLLOWER_WINDOW_MS - 1)
    const pullers = new RecentPullers(256, { rows, now: t, windowMs: FOLLOWER_WINDOW_MS })
    expect(pullers.since(0)).toHaveLength(256)
    expect(pullers.since(0)).not.toContain(nodeId(9))
    expect(pullers.since(0)[0]).toBe(nodeId(1299)) // the most recent first
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM recent_pullers')?.n).toBe(256)
    pullers.saw(nodeId(5000), t + 1) // one more: the oldest leaves the table too
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM recent_pullers')?.n).toBe(256)
    expect(
      store.db.get('SELECT 1 AS x FROM recent_pullers WHERE node_id = ?', [nodeId(1044)]),
    ).toBeUndefined()
  })

  it('bounds the peers of sent maps to 256 rows', async () => {
    const store = openStore(createSqlJsDriver(new SQL.Database()))
    const memory = mapMemoryRows(store.db)
    for (let i = 0; i < 300; i++) memory.noteSynced(nodeId(2000 + i), 1000 + i)
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM map_peers')?.n).toBe(256)
    expect(memory.syncedAt(nodeId(2000))).toBeUndefined()
    expect(memory.syncedAt(nodeId(2299))).toBe(1299)
  })
})
