/**
 * Posting to a group and reading group posts (issue 14): a post is sealed for the group's current
 * epoch key, which only a member whose role allows posting may do; reading opens the CEK with the
 * epoch secret from the keyring.
 */

import { NotAGroupMemberError } from '../errors.ts'
import { encryptForGroup, openGroupContentKey } from '../groups/index.ts'
import type { GroupId, SignedPost } from '../model/index.ts'
import { type EnvelopeBinding, openContentKey } from '../model/index.ts'
import { groupKeyring, requireGroup, requireMyRole } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** Seals a new post for `group`'s current epoch. Errors: NotFoundError, NotAGroupMemberError, GroupRoleError (a Viewer). */
export async function sealForGroup(
  ctx: NodeContext,
  group: GroupId,
  input: { plaintext: string; attachments: Uint8Array[] } & EnvelopeBinding,
): Promise<Awaited<ReturnType<typeof encryptForGroup>>> {
  const { state, accepted } = requireGroup(ctx, group)
  requireMyRole(ctx, state, 'post')
  if (!accepted) throw new NotAGroupMemberError('accept the invitation first')
  const target = { group, epoch: state.epoch, pub: state.epoch_pub }
  return encryptForGroup(input, target)
}

/** The CEK of an encrypted or group post this node can read. Errors: NotARecipientError, NotAGroupMemberError, DecryptionError. */
export async function openPostContentKey(ctx: NodeContext, signed: SignedPost): Promise<Uint8Array> {
  const v = signed.visibility
  if (v.type !== 'group') return openContentKey(requireIdentity(ctx), signed.post, v)
  const secret = await groupKeyring(ctx).secret(v.group, v.epoch)
  if (secret === undefined) throw new NotAGroupMemberError('no key of that group epoch')
  return openGroupContentKey(secret, signed.post, v)
}
