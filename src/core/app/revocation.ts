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
import type { CircleView, RevokeMode } from '../api/index.ts'
import { errorName, NotFoundError, ValidationError } from '../errors.ts'
import type {
  Attachment,
  DeleteRequest,
  NodeId,
  PostId,
  Signed,
  SignedPost,
  Verified,
  Visibility,
  WrappedKey,
} from '../model/index.ts'
import {
  blobIdOf,
  createPost,
  decryptAttachment,
  decryptContent,
  encryptForRecipients,
  isPaddingEntry,
  openContentKey,
  realRecipients,
  rewrapForRecipients,
  signDeleteRequest,
  updateVisibility,
  verifyDeleteRequest,
} from '../model/index.ts'
import type { StoredPost } from '../storage/index.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** What the network side does after a change: tell holders of the new version and of the delete. */
export interface RevocationHooks {
  announcePost(post: Verified<SignedPost>): Promise<void>
  announceDelete(request: Verified<Signed<DeleteRequest>>, deleted: SignedPost): Promise<void>
  /** Tells the post's holders (by notice) that it has a newer visibility header. */
  announceVisibility(post: Verified<SignedPost>): Promise<void>
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

/** The user's circles, each with how many of their own posts went to it. */
export function circleViews(ctx: NodeContext): CircleView[] {
  const self = requireIdentity(ctx).nodeId
  const counts = new Map<string, number>()
  for (const p of ctx.store.ownPostsWithAudience(self)) {
    if (p.audience.type === 'circle') counts.set(p.audience.name, (counts.get(p.audience.name) ?? 0) + 1)
  }
  return ctx.store.listCircles().map((c) => ({ ...c, past_posts: counts.get(c.name) ?? 0 }))
}

/** Posts whose crypto runs concurrently (WebCrypto works off the main thread) and share one store write. */
const CHUNK = 8

/** A post's content key and its current real recipients, padding set apart. */
interface OpenedPost {
  stored: StoredPost & { signed: SignedPost }
  cek: Uint8Array
  real: NodeId[]
  padding: WrappedKey[]
}

async function openOwn(ctx: NodeContext, stored: OpenedPost['stored']): Promise<OpenedPost> {
  const { signed } = stored
  const cek = await openContentKey(requireIdentity(ctx), signed.post, signed.visibility)
  const real: NodeId[] = []
  const padding: WrappedKey[] = []
  if (signed.visibility.type === 'encrypted')
    for (const entry of signed.visibility.recipients)
      if (isPaddingEntry(cek, entry)) padding.push(entry)
      else real.push(entry.recipient)
  return { stored, cek, real, padding }
}

/** The same content key re-wrapped for `remaining` in a newly signed header; the old padding stays. */
async function accessList(
  ctx: NodeContext,
  opened: OpenedPost,
  remaining: NodeId[],
): Promise<Verified<SignedPost>> {
  const identity = requireIdentity(ctx)
  const { signed } = opened.stored
  const visibility = await rewrapForRecipients(opened.cek, remaining, signed.post, {
    pad: true,
    keepPadding: opened.padding,
  })
  return updateVisibility(identity, signed, visibility, ctx.clock.now())
}

/** A replacement post under a new content key, and the author's delete of the old one. */
interface Reencrypted {
  stored: StoredPost
  replacement: Verified<SignedPost>
  blobs: Uint8Array[]
  deletion: Verified<Signed<DeleteRequest>>
}

/** Seals a post's text and plaintext attachments anew (at the old `created_at`) for a new audience. */
export type Reseal = (
  body: string,
  attachments: Uint8Array[],
  createdAt: number,
) => Promise<{ content: string; attachments: Uint8Array[]; visibility: Visibility }>

async function reencrypt(ctx: NodeContext, opened: OpenedPost, remaining: NodeId[]): Promise<Reencrypted> {
  const identity = requireIdentity(ctx)
  return reencryptWith(ctx, opened.stored, opened.cek, (body, attachments, created_at) =>
    encryptForRecipients(
      { plaintext: body, attachments, recipients: remaining, author: identity.nodeId, created_at },
      { pad: true },
    ),
  )
}

async function reencryptWith(
  ctx: NodeContext,
  stored: StoredPost,
  cek: Uint8Array,
  reseal: Reseal,
): Promise<Reencrypted> {
  const identity = requireIdentity(ctx)
  const old = stored.signed
  const body = decryptContent(cek, old.post.content, old.post)
  const plainBlobs = old.post.attachments.map((a) => {
    const blob = ctx.store.getBlob(a.blob)
    if (blob === undefined)
      throw new NotFoundError('an attachment of the post is not held; it cannot be re-encrypted')
    return decryptAttachment(cek, blob.bytes, old.post)
  })
  const sealed = await reseal(body, plainBlobs, old.post.created_at)
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
  return { stored, replacement, blobs: sealed.attachments, deletion }
}

function storeReencrypted(ctx: NodeContext, done: Reencrypted): void {
  const { stored, replacement, blobs, deletion } = done
  ctx.store.putPost(replacement, {
    plaintext: stored.plaintext,
    dm_peer: stored.dm_peer,
    audience: stored.audience,
  })
  blobs.forEach((bytes, i) => {
    const a = replacement.post.attachments[i]!
    ctx.store.putBlob(a.blob, bytes, a.mime, replacement.id)
  })
  ctx.store.deletePost(deletion)
}

/**
 * Re-encrypts one post with `reseal` choosing its new audience (used for group posts after a removal,
 * app/group-revocation.ts): the replacement, its blobs and the delete of the old id in one
 * transaction, then announced. Returns the replacement.
 */
export async function reencryptOne(
  ctx: NodeContext,
  stored: StoredPost,
  cek: Uint8Array,
  hooks: RevocationHooks,
  reseal: Reseal,
): Promise<Verified<SignedPost>> {
  const done = await reencryptWith(ctx, stored, cek, reseal)
  ctx.store.transaction(() => storeReencrypted(ctx, done))
  await hooks.announcePost(done.replacement)
  await hooks.announceDelete(done.deletion, stored.signed)
  return done.replacement
}

/**
 * Removes `remove` from the audience of the user's posts `ids` by `mode`. Posts that list none of
 * them are left alone. Posts go in chunks: their crypto runs concurrently, each chunk is one store
 * transaction. Errors: NotFoundError, ValidationError (not own / public / removing oneself).
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
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = await Promise.all(
      targets.slice(start, start + CHUNK).map(async (stored) => {
        const opened = await openOwn(ctx, stored)
        const remaining = opened.real.filter((r) => !remove.includes(r))
        if (remaining.length === opened.real.length) return undefined
        return mode === 'access-list'
          ? { updated: await accessList(ctx, opened, remaining) }
          : { reencrypted: await reencrypt(ctx, opened, remaining) }
      }),
    )
    ctx.store.transaction(() => {
      for (const outcome of chunk) {
        if (outcome?.updated !== undefined) ctx.store.updateVisibility(outcome.updated)
        if (outcome?.reencrypted !== undefined) storeReencrypted(ctx, outcome.reencrypted)
      }
    })
    for (const [i, outcome] of chunk.entries()) {
      if (outcome === undefined) unchanged++
      else if (outcome.updated !== undefined) {
        hooks.announceVisibility(outcome.updated).catch((err: unknown) => {
          ctx.logger.debug('revocation:announce-failed', { error: errorName(err) })
        })
        changed.push(outcome.updated.id)
      } else {
        const { replacement, deletion, stored } = outcome.reencrypted
        await hooks.announcePost(replacement)
        await hooks.announceDelete(deletion, stored.signed)
        ctx.emit({ type: 'post.removed', id: stored.signed.id })
        changed.push(replacement.id)
      }
      hooks.onProgress?.(start + i + 1, targets.length)
    }
  }
  return { changed, unchanged }
}
