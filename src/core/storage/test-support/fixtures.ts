/**
 * Test fixtures for storage: fabricated `Verified<…>` values (a cast: storage tests do not check
 * signatures, `src/core/model` does) and an in-memory sql.js store.
 */
import initSqlJs from 'sql.js'
import { blake3, toHex } from '../../crypto/index.ts'
import type {
  Attachment,
  BlobId,
  DeleteRequest,
  Millis,
  NodeId,
  Post,
  PostId,
  Profile,
  Signed,
  SignedPost,
  Verified,
  Visibility,
} from '../../model/types.ts'
import { encodeRecord } from '../record-codec.ts'
import { createSqlJsDriver } from '../sqljs-driver.ts'
import { openStore, type Store } from '../store.ts'
import type { Clock } from '../store-context.ts'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** A syntactically valid NodeId, different for every `n`. */
export function nodeId(n: number): NodeId {
  let digits = ''
  let x = n
  do {
    digits = BASE58[x % 58] + digits
    x = Math.floor(x / 58)
  } while (x > 0)
  return `12D3KooW${digits.padStart(44, '1')}` as NodeId
}

/** A clock that returns `at` and moves only when told. */
export function manualClock(
  at: Millis = 1_700_000_000_000,
): Clock & { set(t: Millis): void; advance(ms: number): void } {
  let now = at
  return {
    now: () => now,
    set: (t) => {
      now = t
    },
    advance: (ms) => {
      now += ms
    },
  }
}

/** Bytes whose BLAKE3 is the returned id. */
export function makeBlob(seed: number, size = 100): { id: BlobId; bytes: Uint8Array } {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed) % 256)
  return { id: toHex(blake3(bytes)) as BlobId, bytes }
}

const sig = (fill: number): Uint8Array => new Uint8Array(64).fill(fill)

/** What `makePost` accepts; everything has a default. */
export interface PostSpec {
  author?: NodeId
  created_at?: Millis
  content?: string
  attachments?: Attachment[]
  reply_to?: PostId
  /** Recipients make it encrypted; omitted means public. */
  recipients?: NodeId[]
  visibility_updated_at?: Millis
}

/** A fabricated verified post whose id is the BLAKE3 of its canonical bytes. */
export function makePost(spec: PostSpec = {}): Verified<SignedPost> {
  const post: Post = {
    v: 1,
    author: spec.author ?? nodeId(0),
    created_at: spec.created_at ?? 1_700_000_000_000,
    content: spec.content ?? 'hello',
    attachments: spec.attachments ?? [],
    ...(spec.reply_to === undefined ? {} : { reply_to: spec.reply_to }),
  }
  const visibility: Visibility =
    spec.recipients === undefined
      ? { type: 'public' }
      : {
          type: 'encrypted',
          v: 1,
          ephemeral_pub: new Uint8Array(32).fill(9),
          recipients: spec.recipients.map((recipient, i) => ({
            recipient,
            wrapped: new Uint8Array(57).fill(i),
          })),
        }
  const signed: SignedPost = {
    id: toHex(blake3(encodeRecord(post))) as PostId,
    post,
    signature: sig(1),
    visibility,
    visibility_signature: sig(2),
    visibility_updated_at: spec.visibility_updated_at ?? post.created_at,
  }
  return signed as Verified<SignedPost>
}

/** A fabricated verified profile. */
export function makeProfile(
  author: NodeId,
  updated_at: Millis,
  display_name = 'Alice',
): Verified<Signed<Profile>> {
  const record: Profile = {
    v: 1,
    author,
    display_name,
    bio: 'bio',
    anchors: ['/dns4/a.example/tcp/443/wss'],
    updated_at,
  }
  return { record, signature: sig(3) } as Verified<Signed<Profile>>
}

/** A fabricated verified delete request. */
export function makeDelete(author: NodeId, post_id: PostId, created_at: Millis = 1_800_000_000_000) {
  const record: DeleteRequest = { v: 1, author, post_id, created_at }
  return { record, signature: sig(4) } as Verified<Signed<DeleteRequest>>
}

let sqlJs: ReturnType<typeof initSqlJs> | undefined

/** A fresh in-memory sql.js store. */
export async function openTestStore(clock: Clock = manualClock()): Promise<Store> {
  sqlJs ??= initSqlJs()
  const SQL = await sqlJs
  return openStore(createSqlJsDriver(new SQL.Database()), { clock })
}

/** Every row of every table, to assert that a refused call wrote nothing. */
export function dumpTables(store: Store): Record<string, unknown[]> {
  const tables = store.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return Object.fromEntries(tables.map(({ name }) => [name, store.db.all(`SELECT * FROM "${name}"`)]))
}
