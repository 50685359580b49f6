/**
 * Taking back access to past encrypted posts (seed D-2 "access revocation"; docs/design.md §4).
 *
 * - **Sync access list** (cheap): the same content key, re-wrapped for the remaining recipients, in a
 *   newly signed visibility. Holders converge on the newest header by sync; a removed member who
 *   never synced the post is never sent it, and cannot unwrap the new header if they get it later.
 * - **Re-encrypt** (heavy): a new content key and ciphertext, a new post with the same author and
 *   `created_at` that `replaces` the old one, and the author's delete of the old id, so remaining
 *   recipients keep one logical post and the removed member's node drops its copy (an honest client
 *   honours the author's delete; a modified one could keep it — the author has proof they asked).
 */
import type { RevokeMode } from '../api/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import {
  blobIdOf,
  createPost,
  decryptAttachment,
  decryptContent,
  encryptForRecipients,
  openContentKey,
  realRecipients,
  rewrapForRecipients,
  signDeleteRequest,
  updateVisibility,
  verifyDeleteRequest,
} from '../model/index.ts'
import type {
  Attachment,
  DeleteRequest,
  NodeId,
  PostId,
  Signed,
  SignedPost,
  Verified,
} from '../model/types.ts'
import type { StoredPost } from '../storage/index.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** What the network side does after a change: tell holders of the new version and of the delete. */
export interface RevocationHooks {
  announcePost(post: Verified<SignedPost>): Promise<void>
  announceDelete(request: Verified<Signed<DeleteRequest>>, deleted: SignedPost): Promise<void>
  /** After each post: how many of `total` are done. */
  onProgress?(done: number, total: number): void
}

/** Outcome of a revocation: the ids now current (new ids for re-encrypt) and posts left as they were. */
export interface RevocationResult {
  changed: PostId[]
  /** Posts that did not list any removed member, or that are not the user's own encrypted posts. */
  unchanged: number
}

function ownEncrypted(ctx: NodeContext, id: PostId): StoredPost & { signed: SignedPost } {
  const identity = requireIdentity(ctx)
  const stored = ctx.store.getPost(id)
  if (stored === undefined) throw new NotFoundError('no such post')
  if (stored.signed.post.author !== identity.nodeId) {
    throw new ValidationError('only the author can change who sees a post')
  }
  if (stored.signed.visibility.type !== 'encrypted') throw new ValidationError('the post is public')
  return stored
}

/** The real recipients of one of the user's encrypted posts (padding removed), the user first. */
export async function postAudience(ctx: NodeContext, id: PostId): Promise<NodeId[]> {
  const identity = requireIdentity(ctx)
  const { signed } = ownEncrypted(ctx, id)
  const cek = await openContentKey(identity, signed.post, signed.visibility)
  const list = realRecipients(cek, signed.visibility)
  return [identity.nodeId, ...list.filter((r) => r !== identity.nodeId)]
}

/** Ids of the user's own posts written to a circle (by the composer's choice), newest first. */
export function circlePostIds(ctx: NodeContext, circle: string): PostId[] {
  const self = requireIdentity(ctx).nodeId
  return ctx.store
    .ownPostsWithAudience(self)
    .filter((p) => p.audience.type === 'circle' && p.audience.name === circle)
    .map((p) => p.id)
}

async function accessList(
  ctx: NodeContext,
  stored: StoredPost,
  cek: Uint8Array,
  remaining: NodeId[],
): Promise<Verified<SignedPost>> {
  const identity = requireIdentity(ctx)
  const { post } = stored.signed
  const visibility = await rewrapForRecipients(cek, remaining, post, { pad: true })
  const updated = await updateVisibility(identity, stored.signed, visibility, ctx.clock.now())
  ctx.store.updateVisibility(updated)
  return updated
}

async function reencrypt(
  ctx: NodeContext,
  stored: StoredPost,
  cek: Uint8Array,
  remaining: NodeId[],
  hooks: RevocationHooks,
): Promise<Verified<SignedPost>> {
  const identity = requireIdentity(ctx)
  const old = stored.signed
  const body = decryptContent(cek, old.post.content, old.post)
  const plainBlobs = old.post.attachments.map((a) => {
    const blob = ctx.store.getBlob(a.blob)
    if (blob === undefined)
      throw new NotFoundError('an attachment of the post is not held; it cannot be re-encrypted')
    return decryptAttachment(cek, blob.bytes, old.post)
  })
  const sealed = await encryptForRecipients(
    {
      plaintext: body,
      attachments: plainBlobs,
      recipients: remaining,
      author: identity.nodeId,
      created_at: old.post.created_at,
    },
    { pad: true },
  )
  const attachments: Attachment[] = sealed.attachments.map((bytes, i) => ({
    blob: blobIdOf(bytes),
    mime: old.post.attachments[i]!.mime,
    size: bytes.length,
  }))
  const replacement = await createPost(
    {
      identity,
      content: sealed.content,
      attachments,
      created_at: old.post.created_at,
      replaces: old.id,
      ...(old.post.reply_to === undefined ? {} : { reply_to: old.post.reply_to }),
    },
    sealed.visibility,
  )
  const now = ctx.clock.now()
  const deletion = await verifyDeleteRequest(
    await signDeleteRequest(identity, { v: 1, author: identity.nodeId, post_id: old.id, created_at: now }),
    now,
  )
  ctx.store.transaction(() => {
    ctx.store.putPost(replacement, {
      plaintext: stored.plaintext,
      dm_peer: stored.dm_peer,
      audience: stored.audience,
    })
    sealed.attachments.forEach((bytes, i) => {
      ctx.store.putBlob(attachments[i]!.blob, bytes, attachments[i]!.mime, replacement.id)
    })
    ctx.store.deletePost(deletion)
  })
  await hooks.announcePost(replacement)
  await hooks.announceDelete(deletion, old)
  return replacement
}

/**
 * Removes `remove` from the audience of the user's posts `ids` by `mode`. Posts that list none of
 * them are left alone. Errors: NotFoundError, ValidationError (not own / public / removing oneself).
 */
export async function revokeAccess(
  ctx: NodeContext,
  ids: readonly PostId[],
  remove: readonly NodeId[],
  mode: RevokeMode,
  hooks: RevocationHooks,
): Promise<RevocationResult> {
  const identity = requireIdentity(ctx)
  if (remove.includes(identity.nodeId))
    throw new ValidationError('you cannot remove yourself from your posts')
  const targets = ids.map((id) => ownEncrypted(ctx, id))
  const changed: PostId[] = []
  let unchanged = 0
  for (const [i, stored] of targets.entries()) {
    const { signed } = stored
    const cek = await openContentKey(identity, signed.post, signed.visibility)
    const before = realRecipients(cek, signed.visibility)
    const remaining = before.filter((r) => !remove.includes(r))
    if (remaining.length === before.length) {
      unchanged++
    } else if (mode === 'access-list') {
      changed.push((await accessList(ctx, stored, cek, remaining)).id)
    } else {
      const replacement = await reencrypt(ctx, stored, cek, remaining, hooks)
      ctx.emit({ type: 'post.removed', id: signed.id })
      changed.push(replacement.id)
    }
    hooks.onProgress?.(i + 1, targets.length)
  }
  return { changed, unchanged }
}
