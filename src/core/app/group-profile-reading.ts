/**
 * Taking a group tier's private profile version from a peer (issue 14, seed D-4;
 * docs/protocol/private-profile.md "Group tiers"): it opens only with the key of the epoch it names,
 * and only if that is the group's current epoch by the log held here and its author a current
 * member, so a version sealed for an old epoch (a replay, or a removed member's key) or by someone
 * outside the group is refused by name before anything is written.
 */
import { GroupConflictError, NotAGroupMemberError } from '../errors.ts'
import { openGroupProfileVersion } from '../groups/index.ts'
import type { ProfileVersion, ProfileVersionFields } from '../model/index.ts'
import { groupKeyring } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/**
 * Opens a group's version for this node. Errors: NotAGroupMemberError (no such group held, this
 * node or the author not a member, no copy of the epoch key), GroupConflictError (not the group's
 * current epoch), DecryptionError, MalformedError.
 */
export async function openGroupTierVersion(
  ctx: NodeContext,
  version: ProfileVersion,
): Promise<ProfileVersionFields> {
  const v = version.visibility
  if (v.type !== 'group') throw new NotAGroupMemberError("not a group's profile version")
  const me = requireIdentity(ctx).nodeId
  const held = ctx.store.getGroup(v.group)
  if (held === undefined || !held.state.members.has(me))
    throw new NotAGroupMemberError('a profile version for a group this node is not in')
  if (!held.state.members.has(version.author))
    throw new NotAGroupMemberError('a group profile version by someone outside the group')
  if (v.epoch !== held.state.epoch)
    throw new GroupConflictError(
      `a group profile version of epoch ${v.epoch}, not the current ${held.state.epoch}`,
    )
  const secret = await groupKeyring(ctx).secret(v.group, v.epoch)
  if (secret === undefined) throw new NotAGroupMemberError('no copy of that epoch key')
  return openGroupProfileVersion(secret, version)
}
