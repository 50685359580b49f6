/**
 * The reconciled set of one author: posts (id = PostId), the newest profile and the tombstones,
 * the latter two under a sync id = BLAKE3(domain ‖ canonical CBOR of the signed record), so one
 * fingerprint per author covers all three (docs/design.md §4–§5).
 */
import { blake3 } from '@noble/hashes/blake3.js'
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { encode, rfc8949EncodeOptions } from 'cborg'
import type {
  DeleteRequest,
  Millis,
  NodeId,
  PostId,
  Profile,
  ProfileVersion,
  Signed,
  SignedPost,
} from '../model/index.ts'
import { nodeIdToKey } from './node-id-key.ts'
import { hexKey, type SyncItem, sortItems } from './reconcile.ts'
import type { PostKey, SyncStore } from './sync-store.ts'

/** What an item of a set stands for. */
export type ItemRef =
  | { kind: 'post'; id: PostId }
  | { kind: 'profile'; record: Signed<Profile> }
  | { kind: 'profile-version'; record: Signed<ProfileVersion> }
  | { kind: 'delete'; record: Signed<DeleteRequest> }

/** One author's sorted set and the lookup from item id (hex) to what it is. */
export interface AuthorSet {
  author: NodeId
  key: Uint8Array
  items: SyncItem[]
  refs: Map<string, ItemRef>
}

/** Sync id of a signed profile or delete request. */
export function recordSyncId(
  kind: 'profile' | 'profile-version' | 'delete',
  record: Signed<unknown>,
): Uint8Array {
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

/**
 * Sync id of a post's changed visibility: BLAKE3("distsoc/sync/visibility/v1" ‖ post id ‖
 * u64be(visibility_updated_at)). A post whose header changed has this second item, so a holder of
 * an older header sees a difference and pulls the post again (seed D-2 "sync access list").
 */
export function visibilitySyncId(id: PostId, visibilityUpdatedAt: Millis): Uint8Array {
  const domain = utf8ToBytes('distsoc/sync/visibility/v1')
  const input = new Uint8Array(domain.length + 32 + 8)
  input.set(domain)
  input.set(hexToBytes(id), domain.length)
  new DataView(input.buffer).setBigUint64(domain.length + 32, BigInt(visibilityUpdatedAt))
  return blake3(input)
}

/** The reconciliation key of a signed post as a holder would list it. */
export function postKeyOf(post: SignedPost): PostKey {
  const key: PostKey = {
    id: post.id,
    created_at: post.post.created_at,
    visibility_updated_at: post.visibility_updated_at,
  }
  if (post.visibility.type === 'encrypted')
    key.recipients = post.visibility.recipients.map((r) => r.recipient)
  return key
}

/** The set items of a post: its id, and its visibility version once the author changed it. */
export function postItems(key: PostKey): SyncItem[] {
  const items: SyncItem[] = [{ ts: key.created_at, id: hexToBytes(key.id) }]
  const at = key.visibility_updated_at
  if (at !== undefined && at > key.created_at) items.push({ ts: at, id: visibilitySyncId(key.id, at) })
  return items
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
    for (const item of postItems(key)) {
      items.push(item)
      refs.set(hexKey(item.id), { kind: 'post', id: key.id })
    }
  }
  const profile = await store.getProfile(author)
  if (profile !== undefined) {
    const id = recordSyncId('profile', profile)
    items.push({ ts: profile.record.updated_at, id })
    refs.set(hexKey(id), { kind: 'profile', record: profile })
  }
  for (const { signed, recipients } of (await store.profileVersions?.(author)) ?? []) {
    // Filtered like an encrypted post: counted and revealed only to the version's recipients.
    const id = recordSyncId('profile-version', signed)
    if (!keep({ id: hexKey(id) as PostId, created_at: signed.record.generation, recipients })) continue
    items.push({ ts: signed.record.generation, id })
    refs.set(hexKey(id), { kind: 'profile-version', record: signed })
  }
  const addDelete = (request: Signed<DeleteRequest>): void => {
    const id = recordSyncId('delete', request)
    items.push({ ts: request.record.created_at, id })
    refs.set(hexKey(id), { kind: 'delete', record: request })
  }
  for (const { request, recipients } of await store.tombstones(author, since)) {
    // The delete of an encrypted post is revealed only to whom the post was (its id and time say enough).
    const key = {
      id: request.record.post_id,
      created_at: request.record.created_at,
      recipients: [author, ...recipients],
    }
    if (recipients.length === 0 || keep(key)) addDelete(request)
  }
  for (const { request, recipients } of (await store.tombstonesAddressedTo?.(author, since)) ?? []) {
    // Filtered like the post it deletes was: revealed only to whom that post was revealed.
    if (keep({ id: request.record.post_id, created_at: request.record.created_at, recipients }))
      addDelete(request)
  }
  return { author, key: nodeIdToKey(author), items: sortItems(items), refs }
}
