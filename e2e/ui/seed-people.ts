/**
 * The other people of the UI harness (test-only): each one a real, offline `NodeService` over its
 * own in-memory sql.js store, writing its profile, posts and messages through its own RPC handlers.
 * What they write reaches the harness node the way sync delivers it (`deliver`): verified by the
 * model, then stored through the node's own receive path (core/app node-sync.ts).
 */
import type { PostView } from '../../src/core/api/index.ts'
import type { NodeService } from '../../src/core/app/node-service.ts'
import { nodeSyncDeps } from '../../src/core/app/node-sync.ts'
import { type OfflinePerson, offlinePerson } from '../../src/core/app/test-support/offline-person.ts'
import { verifyPost, verifyProfile } from '../../src/core/model/index.ts'
import type { Millis, SignedPost } from '../../src/core/model/types.ts'
import { loadSqlJs } from '../../src/worker/storage/index.ts'

/** A cheap scrypt cost, so a test can export and import identity files quickly. */
export const TEST_EXPORT_COST = { log2N: 10, r: 8, p: 1 } as const

/** One other person: a node of their own and a clock the seeding sets to back-date posts. */
export interface SeedPerson extends OfflinePerson {
  /** Posts written from now on are dated `at` (until `at` is cleared). */
  setTime(at: Millis | undefined): void
}

/** Starts an offline node for `name` and creates its identity. */
export async function seedPerson(name: string, bio: string): Promise<SeedPerson> {
  let at: Millis | undefined
  const person = await offlinePerson(await loadSqlJs(), name, {
    bio,
    clock: { now: () => at ?? Date.now() },
    host: 'dedicated-worker',
    exportCost: TEST_EXPORT_COST,
  })
  return {
    ...person,
    setTime: (t) => {
      at = t
    },
  }
}

/** How many ids one `postsByIds` call takes (the store refuses more). */
const IDS_PER_READ = 1000

/** The signed form of posts `person` wrote (by their views' ids), read a thousand at a time. */
export function signedPosts(person: SeedPerson, views: readonly PostView[]): SignedPost[] {
  const signed: SignedPost[] = []
  for (let i = 0; i < views.length; i += IDS_PER_READ) {
    const ids = views.slice(i, i + IDS_PER_READ).map((v) => v.id)
    for (const s of person.store.postsByIds(ids)) signed.push(s.signed)
  }
  return signed
}

/**
 * Hands `person`'s profile and `posts` to the node as a sync session would: each verified by the
 * model (a bad one throws), then stored through the node's receive hooks, which decrypt what is
 * addressed to it, file messages into threads and tell the tabs.
 */
export async function deliver(
  node: NodeService,
  person: SeedPerson,
  posts: readonly SignedPost[],
): Promise<void> {
  const now = Date.now()
  const sync = nodeSyncDeps(node.context).store
  const profile = person.store.getProfile(person.id)
  if (profile !== undefined) await sync.putProfile(await verifyProfile(profile, now))
  const avatar = profile?.record.avatar
  const image = avatar === undefined ? undefined : person.store.getBlob(avatar)
  if (avatar !== undefined && image !== undefined) await sync.putBlob(avatar, image.bytes)
  const verified = await Promise.all(posts.map((p) => verifyPost(p, now)))
  if (sync.putPosts !== undefined) await sync.putPosts(verified)
  else for (const p of verified) await sync.putPost(p)
}
