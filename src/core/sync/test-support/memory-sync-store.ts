/** In-memory SyncStore for tests and the bench; counts writes so tests can assert "nothing written". */
import type {
  BlobId,
  DeleteRequest,
  NodeId,
  PostId,
  Profile,
  Signed,
  SignedPost,
  Verified,
} from '../../model/types.ts'
import type { PostKey, SyncStore } from '../sync-store.ts'

/** A SyncStore over Maps. */
export class MemorySyncStore implements SyncStore {
  readonly posts = new Map<PostId, SignedPost>()
  readonly byAuthor = new Map<NodeId, Set<PostId>>()
  readonly tombs = new Map<string, Signed<DeleteRequest>>()
  readonly profiles = new Map<NodeId, Signed<Profile>>()
  readonly blobs = new Map<BlobId, Uint8Array>()
  writes = 0
  /** Post keys handed out by `postKeys` (tests check that `since` limits what is loaded). */
  keysLoaded = 0

  /** Adds a post without counting it as a write (test setup); indexed by author and recipients. */
  seedPost(post: SignedPost): void {
    this.posts.set(post.id, post)
    const owners = [post.post.author]
    if (post.visibility.type === 'encrypted')
      owners.push(...post.visibility.recipients.map((r) => r.recipient))
    for (const owner of new Set(owners)) {
      const set = this.byAuthor.get(owner) ?? new Set()
      set.add(post.id)
      this.byAuthor.set(owner, set)
    }
  }

  postKeys(author: NodeId, since = 0): PostKey[] {
    const out: PostKey[] = []
    for (const id of this.byAuthor.get(author) ?? []) {
      const p = this.posts.get(id) as SignedPost
      if (p.post.created_at < since) continue
      this.keysLoaded++
      const v = p.visibility
      const at = p.visibility_updated_at
      out.push(
        v.type !== 'encrypted'
          ? { id, created_at: p.post.created_at, visibility_updated_at: at }
          : {
              id,
              created_at: p.post.created_at,
              recipients: v.recipients.map((r) => r.recipient),
              visibility_updated_at: at,
            },
      )
    }
    return out
  }

  getPosts(ids: readonly PostId[]): SignedPost[] {
    return ids.flatMap((id) => {
      const p = this.posts.get(id)
      return p === undefined ? [] : [p]
    })
  }

  putPost(post: Verified<SignedPost>): void {
    this.writes++
    const held = this.posts.get(post.id)
    if (held !== undefined && held.visibility_updated_at >= post.visibility_updated_at) return
    this.seedPost(post)
  }

  isTombstoned(author: NodeId, id: PostId): boolean {
    return this.tombs.has(`${author}/${id}`)
  }

  tombstones(author: NodeId, since = 0): { request: Signed<DeleteRequest>; recipients: NodeId[] }[] {
    return [...this.tombs.values()]
      .filter((t) => t.record.author === author && t.record.created_at >= since)
      .map((request) => ({ request, recipients: [] }))
  }

  putDelete(request: Verified<Signed<DeleteRequest>>): void {
    this.writes++
    this.seedDelete(request)
  }

  /** Adds a tombstone without counting a write; drops the post only if it has the same author. */
  seedDelete(request: Signed<DeleteRequest>): void {
    const { author, post_id } = request.record
    this.tombs.set(`${author}/${post_id}`, request)
    const post = this.posts.get(post_id)
    if (post !== undefined && post.post.author === author) {
      this.posts.delete(post_id)
      for (const set of this.byAuthor.values()) set.delete(post_id)
    }
  }

  getProfile(author: NodeId): Signed<Profile> | undefined {
    return this.profiles.get(author)
  }

  putProfile(profile: Verified<Signed<Profile>>): void {
    this.writes++
    this.seedProfile(profile)
  }

  /** Keeps the newer profile without counting a write. */
  seedProfile(profile: Signed<Profile>): void {
    const held = this.profiles.get(profile.record.author)
    if (held === undefined || held.record.updated_at < profile.record.updated_at) {
      this.profiles.set(profile.record.author, profile)
    }
  }

  hasBlob(id: BlobId): boolean {
    return this.blobs.has(id)
  }

  getBlob(id: BlobId): Uint8Array | undefined {
    return this.blobs.get(id)
  }

  putBlob(id: BlobId, bytes: Uint8Array): void {
    this.writes++
    this.blobs.set(id, bytes)
  }
}
