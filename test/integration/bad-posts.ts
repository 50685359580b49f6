/**
 * Signed records crafted wrong on purpose, for bad-input tests (docs/design.md §4, §9): forged
 * signatures, ids that do not match, timestamps from the future, posts "by" someone else.
 */
import { sign } from '../../src/core/crypto/index.ts'
import {
  computePostId,
  createPost,
  type Identity,
  postSignatureMessage,
  signDeleteRequest,
  signProfile,
  visibilitySignatureMessage,
} from '../../src/core/model/index.ts'
import type {
  DeleteRequest,
  NodeId,
  Post,
  PostId,
  Profile,
  Signed,
  SignedPost,
} from '../../src/core/model/types.ts'

/** A public post by `identity`, properly signed. */
export function honestPost(identity: Identity, content: string, createdAt = Date.now()): Promise<SignedPost> {
  return createPost({ identity, content, attachments: [], created_at: createdAt }, { type: 'public' })
}

/** A public post whose signature has one bit flipped. */
export async function forgedSignaturePost(identity: Identity, content: string): Promise<SignedPost> {
  const post = await honestPost(identity, content)
  const signature = post.signature.slice()
  signature[0] = (signature[0] ?? 0) ^ 1
  return { ...post, signature }
}

/** A signed post whose content was changed afterwards: its id no longer hashes its bytes. */
export async function idMismatchPost(identity: Identity, content: string): Promise<SignedPost> {
  const post = await honestPost(identity, content)
  return { ...post, post: { ...post.post, content: `${content} (tampered)` } }
}

/** A properly signed post dated two hours ahead (beyond LIMITS.futureSkewMs and FUTURE_HOLD_MS). */
export function futurePost(identity: Identity, content: string): Promise<SignedPost> {
  return honestPost(identity, content, Date.now() + 2 * 60 * 60 * 1000)
}

/** A post that claims `author` but is signed with `signer`'s key (impersonation). */
export async function impersonatingPost(
  signer: Identity,
  author: NodeId,
  content: string,
): Promise<SignedPost> {
  const now = Date.now()
  const post: Post = { v: 1, author, created_at: now, content, attachments: [] }
  const id = computePostId(post)
  const visibility = { type: 'public' } as const
  const [signature, visibility_signature] = await Promise.all([
    sign(signer.seed, postSignatureMessage(id)),
    sign(signer.seed, visibilitySignatureMessage(id, now, visibility)),
  ])
  return { id, post, signature, visibility, visibility_signature, visibility_updated_at: now }
}

/** `identity`'s own profile listing `anchors` (so an anchor keeps what it sends). */
export function profileListing(identity: Identity, anchors: string[]): Promise<Signed<Profile>> {
  return signProfile(identity, {
    v: 1,
    author: identity.nodeId,
    display_name: 'mallory',
    bio: '',
    anchors,
    updated_at: Date.now() - 1000,
  })
}

/** A delete request signed by `identity` for somebody else's post. */
export function nonAuthorDelete(identity: Identity, postId: PostId): Promise<Signed<DeleteRequest>> {
  return signDeleteRequest(identity, {
    v: 1,
    author: identity.nodeId,
    post_id: postId,
    created_at: Date.now(),
  })
}
