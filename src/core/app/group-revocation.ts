/**
 * Past group posts after a removal (issue 14, seed D-2's two choices, reusing revocation.ts): the
 * user's own posts of earlier epochs are either re-wrapped for the new epoch key ("access-list":
 * same CEK, newly signed visibility) or re-encrypted under a new CEK for the new epoch.
 */
import type { RevokeMode } from '../api/index.ts'
import { encryptForGroup, type GroupEpoch, wrapForGroup } from '../groups/index.ts'
import type { GroupId, PostId } from '../model/index.ts'
import { updateVisibility } from '../model/index.ts'
import { openPostContentKey } from './group-posting.ts'
import { requireGroup } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { type RevocationHooks, type RevocationResult, reencryptOne } from './revocation.ts'

/** Moves the user's own posts of `group` from earlier epochs to the current one by `mode`. */
export async function revokeGroupPast(
  ctx: NodeContext,
  group: GroupId,
  mode: RevokeMode,
  hooks: RevocationHooks,
): Promise<RevocationResult> {
  const identity = requireIdentity(ctx)
  const { state } = requireGroup(ctx, group)
  const target: GroupEpoch = { group, epoch: state.epoch, pub: state.epoch_pub }
  const ids = ctx.store.groupPostIds(group, 10_000)
  const changed: PostId[] = []
  let unchanged = 0
  for (const [i, id] of ids.entries()) {
    const stored = ctx.store.getPost(id)
    const v = stored?.signed.visibility
    if (
      stored === undefined ||
      v?.type !== 'group' ||
      stored.signed.post.author !== identity.nodeId ||
      v.epoch >= state.epoch
    ) {
      unchanged++
      continue
    }
    const cek = await openPostContentKey(ctx, stored.signed)
    if (mode === 'access-list') {
      const visibility = await wrapForGroup(cek, target, stored.signed.post)
      const updated = await updateVisibility(identity, stored.signed, visibility, ctx.clock.now())
      ctx.store.updateVisibility(updated)
      await hooks.announcePost(updated)
      changed.push(updated.id)
    } else {
      const replacement = await reencryptOne(ctx, stored, cek, hooks, (body, attachments, created_at) =>
        encryptForGroup({ plaintext: body, attachments, author: identity.nodeId, created_at }, target),
      )
      ctx.emit({ type: 'post.removed', id })
      changed.push(replacement.id)
    }
    hooks.onProgress?.(i + 1, ids.length)
  }
  return { changed, unchanged }
}
