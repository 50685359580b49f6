/**
 * The user's own copies (issue 15, docs/design.md §12): a fork pin keeps the signed post and its
 * blobs after the author deleted the original. The feed honours the delete; the copy stays the
 * user's — listed in Settings' pins, where it opens as a post marked as the author's deleted one,
 * with its images (`blob.get` falls back to it) and in the data export.
 */
import type { PostView } from '../api/index.ts'
import { forkCopy } from '../hosting/index.ts'
import type { PostId, SignedPost } from '../model/index.ts'
import { groupKeyring } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { toPostView } from './post-view.ts'
import { readPost } from './reading.ts'

/** The held post `id`, or else the user's fork copy of it, or undefined. */
export function heldOrCopied(ctx: NodeContext, id: PostId): SignedPost | undefined {
  return ctx.store.getPost(id)?.signed ?? forkCopy(ctx.store.db, id)
}

/** A fork copy as a post view (its text opened as on arrival), marked `pinned: 'fork'`. */
export async function copyView(ctx: NodeContext, signed: SignedPost): Promise<PostView> {
  const identity = requireIdentity(ctx)
  const local = await readPost(signed, identity, (group, epoch) => groupKeyring(ctx).secrets(group, epoch))
  const name = ctx.store.getProfile(signed.post.author)?.record.display_name ?? null
  const stored = {
    signed,
    plaintext: local.plaintext ?? null,
    dm_peer: local.dm_peer ?? null,
    audience: null,
    received_at: 0,
  }
  return { ...toPostView(stored, identity, name, ctx.store), pinned: 'fork' }
}
