/**
 * Storage benchmark (issue 6): inserting 10k posts, the first feed page and a deep keyset page,
 * on sql.js (the browser engine, here in Node) and on better-sqlite3 (the anchor) for comparison.
 * Target (docs/design.md §7 / storage task): the first home page of 50 from 10k posts in ≤ 20 ms.
 */
import Database from 'better-sqlite3'
import initSqlJs from 'sql.js'
import { createBetterSqlite3Driver } from '../relay-anchor/src/storage/better-sqlite3-driver.ts'
import { homeFeed } from '../src/core/feed/index.ts'
import type { NodeId, SignedPost, Verified } from '../src/core/model/types.ts'
import { createSqlJsDriver, openStore, type SqlDriver, type Store } from '../src/core/storage/index.ts'
import { makePost, manualClock, nodeId } from '../src/core/storage/test-support/fixtures.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const POSTS = 10_000
const AUTHORS = 100
const PAGE = 50
const RUNS = 20

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
const round = (ms: number): number => Math.round(ms * 100) / 100

function makeCorpus(): { self: NodeId; posts: Verified<SignedPost>[] } {
  const self = nodeId(0)
  const posts: Verified<SignedPost>[] = []
  for (let i = 0; i < POSTS; i++) {
    const author = nodeId(i % AUTHORS)
    const recipients = i % 4 === 0 ? [self, nodeId(500), nodeId(501)] : undefined
    posts.push(
      makePost({
        author,
        created_at: 1_700_000_000_000 + i * 60_000,
        content: `post ${i} `.repeat(8),
        recipients,
      }),
    )
  }
  return { self, posts }
}

function measure(label: string, db: SqlDriver, corpus: ReturnType<typeof makeCorpus>): BenchFigure[] {
  const store: Store = openStore(db, { clock: manualClock() })
  for (let a = 1; a < AUTHORS; a += 2) store.follow(nodeId(a))
  const t0 = performance.now()
  store.transaction(() => {
    for (const p of corpus.posts) store.putPost(p, { plaintext: p.post.content })
  })
  const insertMs = performance.now() - t0

  const firstRuns: number[] = []
  let first = homeFeed(store, { self: corpus.self, limit: PAGE })
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    first = homeFeed(store, { self: corpus.self, limit: PAGE })
    firstRuns.push(performance.now() - t)
  }
  // A deep page: start below the 4000th post of the home feed (keyset, not OFFSET).
  const deepPost = corpus.posts[POSTS - 8000]!
  const before = { created_at: deepPost.post.created_at, id: deepPost.id }
  const deepRuns: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    homeFeed(store, { self: corpus.self, limit: PAGE, before })
    deepRuns.push(performance.now() - t)
  }
  if (first.rows.length !== PAGE) throw new Error(`${label}: expected a full first page`)
  store.close()
  const firstMs = median(firstRuns)
  return [
    {
      name: `Insert ${POSTS} posts in one transaction (${label})`,
      value: round(insertMs),
      unit: 'ms',
      comparedTo: 'docs/design.md §10 prototype: 10k plain rows ≈ 180 ms in Chromium',
    },
    {
      name: `Home feed first page of ${PAGE} from ${POSTS} posts (${label}, median of ${RUNS})`,
      value: round(firstMs),
      unit: 'ms',
      comparedTo: 'target ≤ 20 ms',
      meetsTarget: firstMs <= 20,
    },
    {
      name: `Home feed deep keyset page (8000 posts down) (${label}, median of ${RUNS})`,
      value: round(median(deepRuns)),
      unit: 'ms',
      comparedTo: 'target ≤ 20 ms (same as the first page)',
      meetsTarget: median(deepRuns) <= 20,
    },
  ]
}

/** Runs the storage benchmark on sql.js and better-sqlite3. */
export async function runStorageBench(): Promise<BenchSection> {
  const corpus = makeCorpus()
  const SQL = await initSqlJs()
  const figures = [
    ...measure('sql.js', createSqlJsDriver(new SQL.Database()), corpus),
    ...measure('better-sqlite3, memory', createBetterSqlite3Driver(new Database(':memory:')), corpus),
  ]
  return { title: 'Storage (SQLite schema, store, feed)', figures }
}
