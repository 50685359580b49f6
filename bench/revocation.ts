/**
 * Revocation figures (issue 13): time and bytes to take one member out of 100 past posts of a
 * circle of 50, by sync access list and by re-encrypt, in Node on an offline node service over sql.js.
 */
import initSqlJs from 'sql.js'
import type { RevokeMode } from '../src/core/api/index.ts'
import { offlinePerson } from '../src/core/app/test-support/offline-person.ts'
import { encodeCanonical, generateIdentity } from '../src/core/model/index.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const POSTS = 100
const CIRCLE = 50

async function revokeOnce(mode: RevokeMode): Promise<{ ms: number; bytes: number }> {
  const SQL = await initSqlJs()
  let now = 1_800_000_000_000
  const { store, node } = await offlinePerson(SQL, 'Alice', { clock: { now: () => now } })
  const members = Array.from({ length: CIRCLE - 1 }, () => generateIdentity().nodeId)
  await node.handlers['circles.create']({ name: 'close', members })
  for (let i = 0; i < POSTS; i++) {
    now += 1000
    await node.handlers['post.create']({
      content: `post ${i}`,
      intent: { type: 'circle', name: 'close' },
      attachments: [],
    })
  }
  now += 1000
  const started = performance.now()
  const result = await node.handlers['circles.removeMember']({
    name: 'close',
    member: members[0]!,
    past: mode,
  })
  const ms = performance.now() - started
  // What holders must fetch: the new headers (access list), or the new posts plus the deletes (re-encrypt).
  let bytes = 0
  for (const id of result.revocation?.changed ?? []) {
    const signed = store.getPost(id)!.signed
    bytes += encodeCanonical(mode === 'access-list' ? signed.visibility : signed).length + 64 + 8
  }
  if (mode === 're-encrypt') bytes += store.listTombstones([node.context.identity!.nodeId]).length * 200
  return { ms, bytes }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Runs each mode three times and reports medians. */
export async function runRevocationBench(): Promise<BenchSection> {
  const figures: BenchFigure[] = []
  for (const mode of ['access-list', 're-encrypt'] as const) {
    const runs = [await revokeOnce(mode), await revokeOnce(mode), await revokeOnce(mode)]
    const label = mode === 'access-list' ? 'Sync access list' : 'Re-encrypt'
    figures.push(
      {
        name: `${label}: ${POSTS} posts, circle of ${CIRCLE}, one member removed — time`,
        value: median(runs.map((r) => r.ms)),
        unit: 'ms',
        comparedTo: 'informational (median of 3, Node, offline node over sql.js)',
      },
      {
        name: `${label}: ${POSTS} posts, circle of ${CIRCLE} — bytes holders fetch`,
        value: median(runs.map((r) => r.bytes)),
        unit: 'B',
        comparedTo: 'headers only (access list) vs new posts + deletes (re-encrypt)',
        note: 'each header padded to 64 recipients',
      },
    )
  }
  return { title: 'Revocation (issue 13)', figures }
}
