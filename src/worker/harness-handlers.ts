/**
 * RPC methods for the browser test harness and the bench (e2e/browser, bench/worker.ts), served
 * only by a worker named `distsoc-harness` in a build made with DISTSOC_E2E_HARNESS=1
 * (build-flags.ts; a production bundle has none of this file). They touch one scratch table and the storage
 * machinery; of the app's tables only `harness.plantClearSeed`, which recreates a pre-issue-10 profile.
 */

import type { ExtraHandlers } from './rpc/index.ts'
import { array, number, object, parseParams, string } from './rpc/index.ts'
import { startupReport } from './startup-marks.ts'
import type { DurableStorage } from './storage/index.ts'

/** The worker name that enables these methods. */
export const HARNESS_WORKER_NAME = 'distsoc-harness'

const CREATE = 'CREATE TABLE IF NOT EXISTS harness_kv (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL)'
const PUT = 'INSERT OR REPLACE INTO harness_kv (k, v) VALUES (?, ?)'

/** The harness methods over the node's storage. */
export function harnessHandlers(storage: () => Promise<DurableStorage>): ExtraHandlers {
  let created = false
  const ready = async (): Promise<DurableStorage> => {
    const s = await storage()
    if (!created) {
      const exists = s.driver.get(
        "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'harness_kv'",
      )
      if (exists === undefined) s.driver.exec(CREATE)
      created = true
    }
    return s
  }
  return {
    'harness.put': async (params) => {
      const p = parseParams(
        object({ key: string({ min: 1, max: 200 }), value: string({ max: 1_000_000 }) }),
        params,
      )
      const s = await ready()
      s.driver.run(PUT, [p.key, p.value])
      return { seq: s.driver.seq }
    },
    /** `count` rows of `bytes` characters in one transaction (bench: "10k posts"). */
    'harness.fill': async (params) => {
      const p = parseParams(
        object({
          prefix: string({ max: 50 }),
          count: number({ integer: true, min: 1, max: 100_000 }),
          bytes: number({ integer: true, min: 0, max: 100_000 }),
        }),
        params,
      )
      const s = await ready()
      const value = 'x'.repeat(p.bytes)
      s.driver.transaction(() => {
        for (let i = 0; i < p.count; i++) s.driver.run(PUT, [`${p.prefix}${i}`, value])
      })
      return { seq: s.driver.seq }
    },
    'harness.putMany': async (params) => {
      const p = parseParams(object({ keys: array(string({ min: 1, max: 200 }), { max: 10_000 }) }), params)
      const s = await ready()
      s.driver.transaction(() => {
        for (const key of p.keys) s.driver.run(PUT, [key, key])
      })
      return { seq: s.driver.seq }
    },
    'harness.keys': async () => {
      const s = await ready()
      return s.driver.all<{ k: string }>('SELECT k FROM harness_kv ORDER BY k').map((r) => r.k)
    },
    /** Every row of every table, as text: two equal dumps mean two equal databases. */
    'harness.dump': async () => {
      const s = await ready()
      const tables = s.driver.all<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
      )
      return tables.map((t) => ({
        table: t.name,
        sql: t.sql,
        rows: JSON.stringify(s.driver.all(`SELECT * FROM "${t.name.replaceAll('"', '""')}" ORDER BY 1`)),
      }))
    },
    'harness.snapshot': async () => {
      const s = await ready()
      return (await s.snapshotNow()) ?? null
    },
    /**
     * Puts the identity back as it was stored before issue 10 (the seed as hex in the clear, nothing
     * wrapped), so a test can watch the next open migrate it (e2e/browser/secrets-at-rest.spec.ts).
     */
    'harness.plantClearSeed': async (params) => {
      const p = parseParams(object({ seed_hex: string({ min: 64, max: 64 }) }), params)
      const s = await ready()
      s.driver.transaction(() => {
        s.driver.run("DELETE FROM settings WHERE key = 'identity.seed.wrapped'", [])
        s.driver.run("INSERT OR REPLACE INTO settings (key, value) VALUES ('identity.seed', ?)", [
          JSON.stringify(p.seed_hex),
        ])
      })
      return { seq: s.driver.seq }
    },
    'harness.info': async () => {
      const s = await storage()
      return {
        seq: s.driver.seq,
        snapshotSeq: s.snapshotSeq,
        open: s.report,
        ...startupReport(),
        resources: workerResources(),
      }
    },
  }
}

/** What the worker fetched and when (wall clock), by file name: where its code load goes (issue 12). */
function workerResources(): { name: string; start: number; end: number }[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
    name: r.name.replace(/^.*\//, '').replace(/-[\w-]{8}\.(js|wasm)$/, '.$1'),
    start: performance.timeOrigin + r.startTime,
    end: performance.timeOrigin + r.responseEnd,
  }))
}
