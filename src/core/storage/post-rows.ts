/** Reading posts back from rows: the column list and the row → `StoredPost` mapping. */
import { CorruptStorageError } from '../errors.ts'
import type { Millis, NodeId, PostId, SignedPost, VisibilityIntent } from '../model/index.ts'
import { decodePost, decodeVisibility, parseJsonColumn } from './record-codec.ts'
import { checkIntent } from './validate-post.ts'

/** A stored post with its local-only facts. */
export interface StoredPost {
  signed: SignedPost
  /** Decrypted or public text; `null` if this node cannot read it. */
  plaintext: string | null
  /** For a direct message: the other party. */
  dm_peer: NodeId | null
  /** For own posts: the composer's choice. */
  audience: VisibilityIntent | null
  /** When this node stored it (local clock). */
  received_at: Millis
}

/** A post's position in every ordering we use: `(created_at, id)`. */
export interface PostKey {
  created_at: Millis
  id: PostId
}

/** The columns `rowToStoredPost` needs, prefixed with a table alias. */
export function postColumns(alias = 'p'): string {
  return ['id', 'post_bytes', 'signature', 'visibility', 'visibility_signature', 'visibility_updated_at']
    .concat(['plaintext', 'dm_peer', 'audience', 'received_at'])
    .map((c) => `${alias}.${c}`)
    .join(', ')
}

/** The raw shape of those columns. */
export interface PostRow {
  id: string
  post_bytes: Uint8Array
  signature: Uint8Array
  visibility: Uint8Array
  visibility_signature: Uint8Array
  visibility_updated_at: number
  plaintext: string | null
  dm_peer: string | null
  audience: string | null
  received_at: number
}

/** Maps a row to a `StoredPost`, checking what it decodes (docs/design.md §9). */
export function rowToStoredPost(row: PostRow): StoredPost {
  if (!(row.signature instanceof Uint8Array) || !(row.visibility_signature instanceof Uint8Array)) {
    throw new CorruptStorageError(`post ${row.id}: signature is not bytes`)
  }
  let audience: VisibilityIntent | null = null
  if (row.audience !== null) {
    try {
      audience = checkIntent(parseJsonColumn(row.audience, 'posts.audience'), 'audience')
    } catch {
      throw new CorruptStorageError(`post ${row.id}: bad audience`)
    }
  }
  return {
    signed: {
      id: row.id as PostId,
      post: decodePost(row.post_bytes),
      signature: row.signature,
      visibility: decodeVisibility(row.visibility),
      visibility_signature: row.visibility_signature,
      visibility_updated_at: row.visibility_updated_at,
    },
    plaintext: row.plaintext,
    dm_peer: row.dm_peer as NodeId | null,
    audience,
    received_at: row.received_at,
  }
}
