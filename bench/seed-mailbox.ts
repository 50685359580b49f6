/**
 * Fills an anchor's mailbox database before the anchor starts (bench only): `posts` signed public
 * posts spread over `authors` fresh authors whose profiles list the anchor, written straight into
 * `<dataDir>/mailbox.sqlite`. Seeding through a check-in pull costs ≈ 3 ms a post; this costs the
 * signing alone, so the cold-sync curve can reach 50k posts within the bench's time budget.
 */
import { join } from 'node:path'
import { listenAddr } from '../relay-anchor/src/config.ts'
import { loadOrCreateIdentity } from '../relay-anchor/src/identity-file.ts'
import { openBetterSqlite3Driver } from '../relay-anchor/src/storage/better-sqlite3-driver.ts'
import { MAILBOX_DB } from '../relay-anchor/src/sync-mailbox.ts'
import { formatConnectString } from '../src/core/app/connect-string.ts'
import type { Identity } from '../src/core/model/index.ts'
import { createPost, generateIdentity, signProfile } from '../src/core/model/index.ts'
import type { Verified } from '../src/core/model/types.ts'
import { openStore } from '../src/core/storage/index.ts'

/** What a seeded mailbox offers a newcomer. */
export interface SeededMailbox {
  /** The anchor's WebSocket multiaddr with /p2p/<id> (start the anchor on `port` with `dataDir`). */
  anchorAddr: string
  /** One connect string per author, to `follow.add`. */
  connects: string[]
  /** Contents of the newest and the oldest post, to wait for. */
  newest: string
  oldest: string
  ms: number
}

/** Seeds `dataDir` for an anchor that will listen on 127.0.0.1:`port`. */
export async function seedMailbox(
  dataDir: string,
  port: number,
  posts: number,
  authors: number,
): Promise<SeededMailbox> {
  const started = Date.now()
  const { identity: anchor } = await loadOrCreateIdentity(dataDir)
  const anchorAddr = `${listenAddr('127.0.0.1', port)}/p2p/${anchor.nodeId}`
  const store = openStore(openBetterSqlite3Driver(join(dataDir, MAILBOX_DB)))
  const people: Identity[] = Array.from({ length: authors }, () => generateIdentity())
  const now = Date.now()
  const base = now - posts * 1000 - 60_000
  for (const author of people) {
    const profile = await signProfile(author, {
      v: 1,
      author: author.nodeId,
      display_name: `Author ${author.nodeId.slice(-4)}`,
      bio: '',
      anchors: [anchorAddr],
      updated_at: now - 30_000,
    })
    store.putProfile(profile as Verified<typeof profile>)
  }
  const CHUNK = 500
  for (let i = 0; i < posts; i += CHUNK) {
    const made = await Promise.all(
      Array.from({ length: Math.min(CHUNK, posts - i) }, (_, k) => {
        const n = i + k
        return createPost(
          {
            identity: people[n % authors] as Identity,
            content: `seeded post ${n}`,
            attachments: [],
            created_at: base + n * 1000,
          },
          { type: 'public' },
        )
      }),
    )
    store.transaction(() => {
      for (const p of made) store.putPost(p, { plaintext: p.post.content })
    })
  }
  store.close()
  return {
    anchorAddr,
    connects: people.map((p) => formatConnectString(p.nodeId, [anchorAddr])),
    newest: `seeded post ${posts - 1}`,
    oldest: 'seeded post 0',
    ms: Date.now() - started,
  }
}
