/**
 * The reconciled set of one author: posts (id = PostId), the newest profile and the tombstones,
 * the latter two under a sync id = BLAKE3(domain ‖ canonical CBOR of the signed record), so one
 * fingerprint per author covers all three (DESIGN §4–§5).
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { encode, rfc8949EncodeOptions } from 'cborg'
import type { DeleteRequest, Millis, NodeId, PostId, Profile, Signed } from '../model/types.ts'
import { nodeIdToKey } from './node-id-key.ts'
import { hexKey, type SyncItem, sortItems } from './reconcile.ts'
import type { PostKey, SyncStore } from './sync-store.ts'

/** What an item of a set stands for. */
export type ItemRef =
  | { kind: 'post'; id: PostId }
  | { kind: 'profile'; record: Signed<Profile> }
  | { kind: 'delete'; record: Signed<DeleteRequest> }

/** One author's sorted set and the lookup from item id (hex) to what it is. */
export interface AuthorSet {
  author: NodeId
  key: Uint8Array
  items: SyncItem[]
  refs: Map<string, ItemRef>
}

/** Sync id of a signed profile or delete request. */
export function recordSyncId(kind: 'profile' | 'delete', record: Signed<unknown>): Uint8Array {
  const domain = utf8ToBytes(`distsoc/sync/${kind}/v1`)
  const body = encode(record, { ...rfc8949EncodeOptions, ignoreUndefinedProperties: true })
  const input = new Uint8Array(domain.length + body.length)
  input.set(domain)
  input.set(body, domain.length)
  return blake3(input)
}

/** Seed C-2 filter on a post key, so a responder never counts or reveals what it would not send. */
export function mayReveal(
  key: PostKey,
  author: NodeId,
  requester: NodeId,
  wanted: ReadonlySet<NodeId>,
): boolean {
  if (author === requester) return true
  if (key.recipients === undefined) return wanted.has(author)
  return key.recipients.includes(requester)
}

/** Loads an author's set from the store, keeping only posts `keep` accepts, from `since` on. */
export async function loadAuthorSet(
  store: SyncStore,
  author: NodeId,
  keep: (key: PostKey) => boolean = () => true,
  since?: Millis,
): Promise<AuthorSet> {
  const refs = new Map<string, ItemRef>()
  const items: SyncItem[] = []
  for (const key of await store.postKeys(author, since)) {
    if (!keep(key)) continue
    const id = hexToBytes(key.id)
    items.push({ ts: key.created_at, id })
    refs.set(key.id, { kind: 'post', id: key.id })
  }
  const profile = await store.getProfile(author)
  if (profile !== undefined) {
    const id = recordSyncId('profile', profile)
    items.push({ ts: profile.record.updated_at, id })
    refs.set(hexKey(id), { kind: 'profile', record: profile })
  }
  for (const request of await store.tombstones(author, since)) {
    const id = recordSyncId('delete', request)
    items.push({ ts: request.record.created_at, id })
    refs.set(hexKey(id), { kind: 'delete', record: request })
  }
  return { author, key: nodeIdToKey(author), items: sortItems(items), refs }
}
