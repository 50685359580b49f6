/** Real signed posts, profiles and deletes for sync tests (uses src/core/model). */
import {
  blobIdOf,
  createPost,
  encryptForRecipients,
  generateIdentity,
  type Identity,
  signDeleteRequest,
  signProfile,
} from '../../model/index.ts'
import type {
  DeleteRequest,
  NodeId,
  PostId,
  Profile,
  Signed,
  SignedPost,
  Verified,
} from '../../model/types.ts'
import { MemorySyncStore } from './memory-sync-store.ts'

export { generateIdentity, type Identity }

/** A post plus the blobs it references. */
export interface MadePost {
  post: Verified<SignedPost>
  blobs: Map<string, Uint8Array>
}

/** A public post, or encrypted to `recipients`; with optional attachment bytes and the post it replies to. */
export async function makePost(
  identity: Identity,
  created_at: number,
  options: { recipients?: NodeId[]; content?: string; attachments?: Uint8Array[]; reply_to?: PostId } = {},
): Promise<MadePost> {
  const content = options.content ?? `post at ${created_at}`
  const files = options.attachments ?? []
  const blobs = new Map<string, Uint8Array>()
  const reply = options.reply_to === undefined ? {} : { reply_to: options.reply_to }
  if (options.recipients === undefined) {
    const attachments = files.map((bytes) => {
      const blob = blobIdOf(bytes)
      blobs.set(blob, bytes)
      return { blob, mime: 'application/octet-stream', size: bytes.length }
    })
    const post = await createPost(
      { identity, content, attachments, created_at, ...reply },
      { type: 'public' },
    )
    return { post, blobs }
  }
  const enc = await encryptForRecipients({
    plaintext: content,
    attachments: files,
    recipients: options.recipients,
    author: identity.nodeId,
    created_at,
  })
  const attachments = enc.attachments.map((bytes) => {
    const blob = blobIdOf(bytes)
    blobs.set(blob, bytes)
    return { blob, mime: 'application/octet-stream', size: bytes.length }
  })
  const post = await createPost(
    { identity, content: enc.content, attachments, created_at, ...reply },
    enc.visibility,
  )
  return { post, blobs }
}

/** A signed profile. */
export function makeProfile(
  identity: Identity,
  updated_at: number,
  display_name = 'someone',
): Promise<Signed<Profile>> {
  return signProfile(identity, {
    v: 1,
    author: identity.nodeId,
    display_name,
    bio: '',
    anchors: [],
    updated_at,
  })
}

/** A signed delete request. */
export function makeDelete(
  identity: Identity,
  post: SignedPost,
  created_at: number,
): Promise<Signed<DeleteRequest>> {
  const request: DeleteRequest = { v: 1, author: identity.nodeId, post_id: post.id, created_at }
  return signDeleteRequest(identity, request)
}

/** A store holding these posts and their blobs. */
export function storeWith(posts: readonly MadePost[]): MemorySyncStore {
  const store = new MemorySyncStore()
  for (const { post, blobs } of posts) {
    store.seedPost(post)
    for (const [id, bytes] of blobs) store.blobs.set(id as never, bytes)
  }
  return store
}
