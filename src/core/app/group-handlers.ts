/** The `groups.*` RPC handlers (issue 14), wired into the node service beside the others. */
import type { RpcMethod } from '../api/index.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import { revokeGroupPast } from './group-revocation.ts'
import {
  acceptInvite,
  createGroup,
  deleteGroupPost,
  groupView,
  inviteToGroup,
  leaveGroup,
  removeGroupMember,
  requireGroup,
  setGroupRole,
} from './group-service.ts'
import type { NodeContext } from './node-context.ts'
import { requireIdentity } from './node-context.ts'
import type { NodeHandlers } from './node-service.ts'
import { toPostView } from './post-view.ts'
import type { RevocationHooks } from './revocation.ts'

/** What the handlers need from the network side. */
export interface GroupNetworkHooks {
  /** A group changed: tell its members (and an invitee reached at `anchors`). */
  groupChanged(group: GroupId, extra?: { invitee: NodeId; anchors: string[] }): void
  revocation: RevocationHooks
}

type GroupMethod = Extract<RpcMethod, `groups.${string}`>

/** Handlers of every `groups.*` method. */
export function groupHandlers(ctx: NodeContext, hooks: GroupNetworkHooks): Pick<NodeHandlers, GroupMethod> {
  const view = (id: GroupId) => groupView(ctx, requireGroup(ctx, id))
  return {
    'groups.create': async (p) => groupView(ctx, await createGroup(ctx, p.name)),
    'groups.list': async () => ctx.store.listGroups().map((g) => groupView(ctx, g)),
    'groups.get': async (p) => view(p.id),
    'groups.invite': async (p) => {
      const { group, invitee, anchors } = await inviteToGroup(ctx, p.id, p.target, p.role ?? 'poster')
      hooks.groupChanged(p.id, { invitee, anchors })
      return groupView(ctx, group)
    },
    'groups.acceptInvite': async (p) => {
      const held = await acceptInvite(ctx, p.id)
      hooks.groupChanged(p.id)
      return groupView(ctx, held)
    },
    'groups.setRole': async (p) => {
      const held = await setGroupRole(ctx, p.id, p.member, p.role)
      hooks.groupChanged(p.id)
      return groupView(ctx, held)
    },
    'groups.removeMember': async (p) => {
      const held = await removeGroupMember(ctx, p.id, p.member)
      hooks.groupChanged(p.id)
      const past = p.past ?? 'leave'
      if (past === 'leave') return groupView(ctx, held)
      const revocation = await revokeGroupPast(ctx, p.id, past, hooks.revocation)
      return { ...groupView(ctx, requireGroup(ctx, p.id)), revocation }
    },
    'groups.leave': async (p) => {
      const held = await leaveGroup(ctx, p.id)
      hooks.groupChanged(p.id)
      return groupView(ctx, held)
    },
    'groups.feed': async (p) => {
      const identity = requireIdentity(ctx)
      requireGroup(ctx, p.id)
      const rows = ctx.store.postsByIds(ctx.store.groupPostIds(p.id, p.limit))
      return {
        posts: rows.map((r) =>
          toPostView(
            r,
            identity,
            ctx.store.getProfile(r.signed.post.author)?.record.display_name ?? null,
            ctx.store,
          ),
        ),
      }
    },
    'groups.deletePost': async (p) => {
      await deleteGroupPost(ctx, p.id, p.post)
      hooks.groupChanged(p.id)
      return { deleted: true }
    },
  }
}
