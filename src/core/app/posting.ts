/**
 * Writing and removing posts (seed Phase A, D-1; docs/design.md §4): resolve the audience, encrypt when it
 * is not public, sign, self-verify, store with its blobs in one transaction, then announce.
 */
import type { NewAttachment, PostView } from '../api/index.ts'
import { errorName, NotFoundError, TooLargeError, ValidationError } from '../errors.ts'
import {
  type Attachment,
  type BlobId,
  blobIdOf,
  charCount,
  createPost,
  decryptAttachment,
  encryptForRecipients,
  LIMITS,
  MAX_ATTACHMENT_PLAINTEXT_BYTES,
  type PostId,
  resolveRecipients,
  type SignedPost,
  signDeleteRequest,
  type Verified,
  type Visibility,
  type VisibilityIntent,
  verifyDeleteRequest,
} from '../model/index.ts'
import { encodeBody } from './encrypted-body.ts'
import { openPostContentKey, sealForGroup } from './group-posting.ts'
import { sealLocalText } from './local-text.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { nodeReplicas, withRedundancy } from './node-replicas.ts'
import { heldOrCopied } from './pinned-copies.ts'
import { toPostView } from './post-view.ts'
import { dmPartner } from './reading.ts'
import { replyIntent } from './replies.ts'

/** Raster formats the app shows (issue 5: attachments shown only if they decode as images). */
export const IMAGE_MIME = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'])

/** What the composer sends. */
export interface NewPost {
  content: string
  intent: VisibilityIntent
  attachments: NewAttachment[]
  reply_to?: PostId
  /** A direct message (Messages tab) rather than a post. */
  kind?: 'post' | 'dm'
}

function checkNewPost(input: NewPost): void {
  const chars = charCount(input.content)
  if (chars > LIMITS.postChars) throw new TooLargeError(`a post has at most ${LIMITS.postChars} characters`)
  if (input.content.trim() === '' && input.attachments.length === 0) {
    throw new ValidationError('write something or attach an image')
  }
  if (input.attachments.length > LIMITS.attachments) {
    throw new TooLargeError(`at most ${LIMITS.attachments} images per post`)
  }
  for (const a of input.attachments) {
    if (!IMAGE_MIME.has(a.mime)) throw new ValidationError(`attachments must be images, not ${a.mime}`)
    if (a.bytes.length === 0) throw new ValidationError('an attachment is empty')
    if (a.bytes.length > MAX_ATTACHMENT_PLAINTEXT_BYTES) {
      throw new TooLargeError('an image is over 256 KiB; it should have been downscaled')
    }
  }
}

/** Creates, stores and returns a post; `announce` tells the network afterwards. */
export async function publishPost(
  ctx: NodeContext,
  input: NewPost,
  announce: (post: Verified<SignedPost>) => Promise<void>,
): Promise<PostView> {
  const identity = requireIdentity(ctx)
  checkNewPost(input)
  const { store } = ctx
  // A reply takes its parent's audience, whatever the composer chose (issue 16).
  const intent = input.reply_to === undefined ? input.intent : await replyIntent(ctx, input.reply_to)
  const circles = new Map(store.listCircles().map((c) => [c.name, c.members]))
  const recipients =
    intent.type === 'group'
      ? 'group'
      : resolveRecipients(intent, {
          self: identity.nodeId,
          follows: store.listFollows().map((f) => f.node_id),
          circles,
        })
  const plainBlobs = input.attachments.map((a) => a.bytes)
  let content = input.content
  let blobs = plainBlobs
  let visibility: Visibility = { type: 'public' }
  let cek: Uint8Array | undefined
  const created_at = ctx.clock.now()
  if (intent.type === 'group') {
    const sealed = await sealForGroup(ctx, intent.id, {
      plaintext: encodeBody({ kind: 'post', text: input.content }),
      attachments: plainBlobs,
      author: identity.nodeId,
      created_at,
    })
    content = sealed.content
    blobs = sealed.attachments
    visibility = sealed.visibility
    cek = sealed.cek
  } else if (recipients !== 'public' && recipients !== 'group') {
    const sealed = await encryptForRecipients(
      {
        plaintext: encodeBody({ kind: input.kind ?? 'post', text: input.content }),
        attachments: plainBlobs,
        recipients,
        author: identity.nodeId,
        created_at,
      },
      { pad: true },
    )
    content = sealed.content
    blobs = sealed.attachments
    visibility = sealed.visibility
    cek = sealed.cek
  }
  const attachments: Attachment[] = blobs.map((bytes, i) => ({
    blob: blobIdOf(bytes),
    mime: input.attachments[i]!.mime,
    size: bytes.length,
  }))
  const post = await createPost(
    {
      identity,
      content,
      attachments,
      created_at,
      ...(input.reply_to === undefined ? {} : { reply_to: input.reply_to }),
    },
    visibility,
  )
  const dmPeer =
    input.kind === 'dm' && visibility.type === 'encrypted' && cek !== undefined
      ? dmPartner(post, identity.nodeId, cek)
      : null
  store.transaction(() => {
    const plaintext = cek === undefined ? input.content : sealLocalText(identity, input.content)
    store.putPost(post, { plaintext, dm_peer: dmPeer, audience: intent })
    blobs.forEach((bytes, i) => {
      store.putBlob(attachments[i]!.blob, bytes, attachments[i]!.mime, post.id)
    })
  })
  nodeReplicas(ctx).book.track(post.id, identity.nodeId)
  const [view] = withRedundancy(ctx, [
    toPostView(
      store.getPost(post.id)!,
      identity,
      store.getProfile(identity.nodeId)?.record.display_name ?? null,
      store,
    ),
  ]) as [PostView]
  ctx.emit(dmPeer === null ? { type: 'post.added', post: view } : { type: 'messages.changed' })
  // a circle's count of past posts changed (it picks the default of a later revocation)
  if (input.intent.type === 'circle') ctx.emit({ type: 'circles.changed' })
  // The post is stored: telling the network must not keep the author waiting (a stalled recipient).
  announce(post).catch((err: unknown) => ctx.logger.debug('post:announce-failed', { error: errorName(err) }))
  return view
}

/** Deletes one of the user's posts everywhere: a signed request, honoured by default, kept as a tombstone. */
export async function deleteOwnPost(ctx: NodeContext, id: PostId): Promise<Verified<SignedPost>> {
  const identity = requireIdentity(ctx)
  const stored = ctx.store.getPost(id)
  if (stored === undefined) throw new NotFoundError('no such post')
  if (stored.signed.post.author !== identity.nodeId)
    throw new ValidationError('only the author can delete a post')
  const request = await verifyDeleteRequest(
    await signDeleteRequest(identity, {
      v: 1,
      author: identity.nodeId,
      post_id: id,
      created_at: ctx.clock.now(),
    }),
    ctx.clock.now(),
  )
  ctx.store.deletePost(request)
  ctx.emit({ type: 'post.removed', id })
  return stored.signed as Verified<SignedPost>
}

/** An attachment's plaintext bytes, decrypted if the post is encrypted to us. */
export async function readBlob(
  ctx: NodeContext,
  id: BlobId,
  postId: PostId,
): Promise<{ bytes: Uint8Array; mime: string }> {
  requireIdentity(ctx)
  // a fork-pinned copy still opens after the author's delete (issue 15)
  const signed = heldOrCopied(ctx, postId)
  const attachment = signed?.post.attachments.find((a) => a.blob === id)
  if (signed === undefined || attachment === undefined) throw new NotFoundError('no such attachment')
  const blob = ctx.store.getBlob(id)
  if (blob === undefined) throw new NotFoundError('the image has not arrived yet')
  if (signed.visibility.type === 'public') return { bytes: blob.bytes, mime: attachment.mime }
  const cek = await openPostContentKey(ctx, signed)
  return { bytes: decryptAttachment(cek, blob.bytes, signed.post), mime: attachment.mime }
}
