/**
 * Groups for the node (issue 14): create, invite, accept, roles, removal with a new epoch, leave,
 * and taking in records from peers. Every record — our own and a peer's — goes through the same
 * verify → fold (role, log position, epoch checks) → one-transaction write, so a refused record
 * writes nothing. Epoch secrets live only in memory (groups/group-keyring.ts).
 */
import type { GroupView } from '../api/index.ts'
import {
  GroupConflictError,
  GroupRoleError,
  NotAGroupMemberError,
  NotFoundError,
  TooLargeError,
  ValidationError,
} from '../errors.ts'
import {
  applyGroupRecord,
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildCreate,
  buildDeletePost,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
  checkGroupPost,
  type EpochKeySource,
  type GroupAction,
  GroupKeyring,
  type GroupRecord,
  type GroupState,
  outranksFor,
  roleAllows,
  verifyGroupRecord,
} from '../groups/index.ts'
import type { GroupId, GroupRole, NodeId, PostId, Signed, SignedPost, Verified } from '../model/index.ts'
import { shortId } from '../model/index.ts'
import type { StoredGroup } from '../storage/index.ts'
import { parseConnectString } from './connect-string.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

const keyrings = new WeakMap<NodeContext, GroupKeyring>()

/** The node's keyring of epoch secrets (one per identity, in memory). */
export function groupKeyring(ctx: NodeContext): GroupKeyring {
  const identity = requireIdentity(ctx)
  let ring = keyrings.get(ctx)
  if (ring === undefined || ring.owner !== identity.nodeId) {
    ring = new GroupKeyring(identity, (group) => ctx.store.groupLog(group), {
      retired: (group, epoch) => ctx.store.retiredGroupKeys(group, epoch),
      head: (group) => ctx.store.getGroup(group)?.state.head,
    })
    keyrings.set(ctx, ring)
  }
  return ring
}

/** A held group, or NotFoundError. */
export function requireGroup(ctx: NodeContext, id: GroupId): StoredGroup {
  const held = ctx.store.getGroup(id)
  if (held === undefined) throw new NotFoundError('no such group')
  return held
}

// Every action once; the Record type makes the compiler notice a new one.
const ACTION_SET: Record<GroupAction, true> = {
  post: true,
  add: true,
  remove: true,
  'set-role': true,
  rekey: true,
  'delete-others': true,
}
const GROUP_ACTIONS = Object.keys(ACTION_SET) as GroupAction[]

/** The view of a group for the tabs. */
export function groupView(ctx: NodeContext, held: StoredGroup): GroupView {
  const me = requireIdentity(ctx).nodeId
  const { state } = held
  const mine = state.members.get(me) ?? null
  // an accept is the word; a mark from before accepts, a signed record or a post held is proof enough
  const seen =
    state.pending.size === 0 ? new Set<NodeId>() : ctx.store.groupMembersSeenJoined(state.id, state.pending)
  return {
    id: state.id,
    name: state.name,
    creator: state.creator,
    epoch: state.epoch,
    my_role: mine,
    accepted: held.accepted,
    needs_rekey: state.needs_rekey,
    members: [...state.members].map(([node_id, role]) => ({
      node_id,
      role,
      joined: !state.pending.has(node_id) || seen.has(node_id),
      name: ctx.store.getProfile(node_id)?.record.display_name ?? shortId(node_id),
      removable: mine !== null && node_id !== me && roleAllows(mine, 'remove') && outranksFor(mine, role),
    })),
    can: mine === null ? [] : GROUP_ACTIONS.filter((a) => roleAllows(mine, a)),
    updated_at: state.updated_at,
    ...(mine === null ? removalOf(ctx, state.id, me) : {}),
  }
}

/** Who removed `me` from a group and when, by the last `remove` naming them in the held log. */
function removalOf(ctx: NodeContext, id: GroupId, me: NodeId): Pick<GroupView, 'removed'> {
  const log = ctx.store.groupLog(id)
  for (let i = log.length - 1; i >= 0; i--) {
    const r = (log[i] as Signed<GroupRecord>).record
    if (r.op === 'add' && r.member === me) return {}
    if (r.op === 'remove' && r.member === me) {
      const by_name = ctx.store.getProfile(r.author)?.record.display_name ?? shortId(r.author)
      return { removed: { by: r.author, by_name, at: r.created_at } }
    }
  }
  return {}
}

/**
 * Takes signed records of one group in log order (ours or a peer's): verifies each, folds them onto
 * the held state with every check, and writes records and state in one transaction. A node takes
 * records only of a group it is in (or of a log that makes it a member: an invitation). Errors:
 * what verifyGroupRecord and applyGroupRecord throw, NotAGroupMemberError, TooLargeError (too many
 * pending invitations); nothing is written then.
 */
export async function acceptGroupRecords(
  ctx: NodeContext,
  candidates: readonly unknown[],
  accepted?: boolean,
): Promise<GroupState | undefined> {
  const now = ctx.clock.now()
  const verified = await Promise.all(candidates.map((c) => verifyGroupRecord(c, now)))
  return foldGroupRecords(ctx, verified, accepted)
}

/** `acceptGroupRecords` of records already verified (signature, shape, time): fold, checks, one write. */
export function foldGroupRecords(
  ctx: NodeContext,
  verified: readonly Verified<Signed<GroupRecord>>[],
  accepted?: boolean,
): GroupState | undefined {
  const me = requireIdentity(ctx).nodeId
  const first = verified[0]
  if (first === undefined) return undefined
  if (verified.some((v) => v.record.group !== first.record.group))
    throw new ValidationError('records of one group at a time')
  const held = ctx.store.getGroup(first.record.group)
  if (held !== undefined && !held.state.members.has(me))
    throw new NotAGroupMemberError('records for a group this node is not in')
  if (held === undefined && pendingInvitations(ctx) >= MAX_PENDING_INVITATIONS && first.record.author !== me)
    throw new TooLargeError('too many invitations waiting; accept or decline some first')
  const steps: { signed: Signed<GroupRecord>; state: GroupState }[] = []
  let state = held?.state
  let wasMember = held !== undefined
  for (const signed of verified) {
    state = applyGroupRecord(state, signed)
    wasMember ||= state.members.has(me)
    steps.push({ signed, state })
  }
  if (!wasMember) throw new NotAGroupMemberError('a group log that does not make this node a member')
  // this user's own accept in the log (signed on another device, or before a fork repair) accepts it here
  const mineAccepted = verified.some((v) => v.record.op === 'accept' && v.record.author === me)
  writeGroupSteps(ctx, steps, { accepted: accepted ?? (mineAccepted ? true : undefined) })
  return state
}

/** Records already folded, each with the state after it, for one write. */
export interface GroupStep {
  signed: Signed<GroupRecord>
  state: GroupState
}

/**
 * Writes folded records in one transaction (after dropping the held records from `dropFrom` on, a
 * losing fork branch), applies their delete-post records and tells the tabs.
 */
export function writeGroupSteps(
  ctx: NodeContext,
  steps: readonly GroupStep[],
  opts: { accepted?: boolean; dropFrom?: number; retire?: readonly EpochKeySource[] } = {},
): void {
  const first = steps[0]
  if (first === undefined) return
  ctx.store.transaction(() => {
    if (opts.dropFrom !== undefined) ctx.store.dropGroupRecordsFrom(first.state.id, opts.dropFrom)
    if (opts.retire !== undefined && opts.retire.length > 0)
      ctx.store.retireGroupKeys(first.state.id, opts.retire, ctx.clock.now())
    for (const step of steps) ctx.store.putGroupRecord(step.signed, step.state, opts.accepted)
  })
  for (const { signed } of steps) {
    const r = signed.record
    if (r.op !== 'delete-post') continue
    const v = ctx.store.getPost(r.post_id)?.signed.visibility
    if (v?.type === 'group' && v.group === r.group && ctx.store.removeGroupPost(r.post_id))
      ctx.emit({ type: 'post.removed', id: r.post_id })
  }
  ctx.emit({ type: 'groups.changed' })
}

/** Invitations a node keeps unaccepted at most (a stranger's fake groups cannot fill the store). */
export const MAX_PENDING_INVITATIONS = 50

function pendingInvitations(ctx: NodeContext): number {
  return ctx.store.listGroups().filter((g) => !g.accepted).length
}

/** One record: `acceptGroupRecords` of a single record. */
export async function acceptGroupRecord(
  ctx: NodeContext,
  candidate: unknown,
  accepted?: boolean,
): Promise<GroupState> {
  const state = await acceptGroupRecords(ctx, [candidate], accepted)
  if (state === undefined) throw new ValidationError('no record')
  return state
}

/** Takes a record this node just built (its own) and keeps the epoch secret it made. */
export async function commitGroupRecord(
  ctx: NodeContext,
  built: BuiltRecord,
  accepted?: boolean,
): Promise<StoredGroup> {
  return commit(ctx, built, accepted)
}

async function commit(ctx: NodeContext, built: BuiltRecord, accepted?: boolean): Promise<StoredGroup> {
  const state = await acceptGroupRecord(ctx, built.signed, accepted)
  if (built.epochSecret !== undefined) groupKeyring(ctx).remember(state.id, state.epoch, built.epochSecret)
  return requireGroup(ctx, state.id)
}

/** How many times in all a change is built, when records land on the group while it is being built. */
export const GROUP_CHANGE_ATTEMPTS = 3

/**
 * Builds a change on the group's held head and commits it. When another record landed on that head
 * while it was built (a peer's accept during an Admin's removal: the fold says GroupConflictError
 * and the head moved), the change is built again on the new head, GROUP_CHANGE_ATTEMPTS times in
 * all; then, or for any other refusal, the error is thrown and nothing of the change is written.
 */
async function commitOnHead(
  ctx: NodeContext,
  id: GroupId,
  build: (state: GroupState) => Promise<BuiltRecord>,
  accepted?: boolean,
): Promise<StoredGroup> {
  for (let attempt = 1; ; attempt++) {
    const state = mine(ctx, id)
    const built = await build(state)
    try {
      return await commit(ctx, built, accepted)
    } catch (err) {
      const moved = ctx.store.getGroup(id)?.state.head !== state.head
      if (!(err instanceof GroupConflictError) || !moved || attempt >= GROUP_CHANGE_ATTEMPTS) throw err
    }
  }
}

function mine(ctx: NodeContext, id: GroupId): GroupState {
  const { state } = requireGroup(ctx, id)
  if (!state.members.has(requireIdentity(ctx).nodeId))
    throw new NotAGroupMemberError('you are not in this group')
  return state
}

async function currentSecret(ctx: NodeContext, state: GroupState): Promise<Uint8Array> {
  const secret = await groupKeyring(ctx).secret(state.id, state.epoch)
  if (secret === undefined) throw new NotAGroupMemberError('no copy of the current group key')
  return secret
}

/** Creates a group with the user as its only member and admin. */
export async function createGroup(ctx: NodeContext, name: string): Promise<StoredGroup> {
  return commit(ctx, await buildCreate(requireIdentity(ctx), name, ctx.clock.now()), true)
}

/** Adds someone (a NodeId or connect string) with `role`; the records reach them by group sync. */
export async function inviteToGroup(
  ctx: NodeContext,
  id: GroupId,
  target: string,
  role: GroupRole,
): Promise<{ group: StoredGroup; invitee: NodeId; anchors: string[] }> {
  const identity = requireIdentity(ctx)
  const { nodeId, anchors } = parseConnectString(target)
  if (nodeId === identity.nodeId) throw new ValidationError('you are in the group already')
  mine(ctx, id)
  if (anchors.length > 0 && ctx.store.getProfile(nodeId) === undefined)
    ctx.store.setSocialRoute(nodeId, anchors)
  const group = await commitOnHead(ctx, id, async (state) =>
    buildAdd(identity, state, await currentSecret(ctx, state), nodeId, role, ctx.clock.now()),
  )
  return { group, invitee: nodeId, anchors }
}

/**
 * Accepts an invitation held (the group's log names the user a member): signs the `accept` record
 * while the log holds the user as invited (so the inviter learns it from any holder of the log, an
 * anchor included), and marks the group accepted here.
 */
export async function acceptInvite(ctx: NodeContext, id: GroupId): Promise<StoredGroup> {
  const state = mine(ctx, id)
  if (state.pending.has(requireIdentity(ctx).nodeId))
    return commitOnHead(ctx, id, (s) => buildAccept(requireIdentity(ctx), s, ctx.clock.now()), true)
  ctx.store.acceptGroup(id)
  ctx.emit({ type: 'groups.changed' })
  return requireGroup(ctx, id)
}

/** Changes a member's role (Admins only, checked by the fold). */
export async function setGroupRole(
  ctx: NodeContext,
  id: GroupId,
  member: NodeId,
  role: GroupRole,
): Promise<StoredGroup> {
  return commitOnHead(ctx, id, (s) => buildSetRole(requireIdentity(ctx), s, member, role, ctx.clock.now()))
}

/** Removes a member and starts the next epoch for the N−1 remaining. */
export async function removeGroupMember(ctx: NodeContext, id: GroupId, member: NodeId): Promise<StoredGroup> {
  const identity = requireIdentity(ctx)
  if (member === identity.nodeId) throw new ValidationError('leave the group instead')
  return commitOnHead(ctx, id, (s) => buildRemove(identity, s, member, ctx.clock.now()))
}

/** The user leaves the group. */
export async function leaveGroup(ctx: NodeContext, id: GroupId): Promise<StoredGroup> {
  return commitOnHead(ctx, id, (s) => buildLeave(requireIdentity(ctx), s, ctx.clock.now()))
}

/** After someone left: a Moderator or Admin starts the next epoch (no-op otherwise). */
export async function rekeyIfNeeded(ctx: NodeContext, id: GroupId): Promise<boolean> {
  const held = ctx.store.getGroup(id)
  const me = requireIdentity(ctx).nodeId
  const role = held?.state.members.get(me)
  if (held === undefined || !held.state.needs_rekey || role === undefined || !roleAllows(role, 'rekey'))
    return false
  await commit(ctx, await buildRekey(requireIdentity(ctx), held.state, ctx.clock.now()))
  return true
}

/** A Moderator's or Admin's delete of someone's post in the group; the post is dropped here at once. */
export async function deleteGroupPost(ctx: NodeContext, id: GroupId, postId: PostId): Promise<StoredGroup> {
  const stored = ctx.store.getPost(postId)
  const v = stored?.signed.visibility
  if (stored === undefined || v?.type !== 'group' || v.group !== id)
    throw new NotFoundError('no such post in the group')
  const held = await commitOnHead(ctx, id, (s) =>
    buildDeletePost(requireIdentity(ctx), s, postId, ctx.clock.now()),
  )
  ctx.store.removeGroupPost(postId)
  ctx.emit({ type: 'post.removed', id: postId })
  return held
}

/**
 * The check every node runs on a group post before storing it (issue 14): the group is held and
 * the author's role allows posting. Errors: NotAGroupMemberError, GroupRoleError, GroupConflictError.
 */
export function checkIncomingGroupPost(ctx: NodeContext, post: SignedPost): void {
  const v = post.visibility
  if (v.type !== 'group') return
  const held = ctx.store.getGroup(v.group)
  const me = requireIdentity(ctx).nodeId
  if (held === undefined || !held.state.members.has(me))
    throw new NotAGroupMemberError('a post for a group this node is not in')
  checkGroupPost(held.state, post)
}

/** The members a group post is announced to (none for other posts). */
export function groupMembersOf(ctx: NodeContext, post: SignedPost): NodeId[] {
  const v = post.visibility
  if (v.type !== 'group') return []
  return [...(ctx.store.getGroup(v.group)?.state.members.keys() ?? [])]
}

/** Whether `peer` is a fellow member of a group the user accepted (by the logs held). */
export function sharesAcceptedGroup(ctx: NodeContext, peer: NodeId): boolean {
  const me = requireIdentity(ctx).nodeId
  return ctx.store.groupsOfMember(peer).some((id) => {
    const held = ctx.store.getGroup(id)
    return held?.accepted === true && held.state.members.has(me)
  })
}

/** Whether `requester` may be sent group records and posts of `group`: a current member, by the log held. */
export function mayReceiveGroup(ctx: NodeContext, group: GroupId, requester: NodeId): boolean {
  return ctx.store.getGroup(group)?.state.members.has(requester) === true
}

/** Records of a group after `afterSeq` for `requester`, only if they are a member now. */
export function groupRecordsFor(
  ctx: NodeContext,
  group: GroupId,
  requester: NodeId,
  afterSeq: number,
  limit: number,
): Signed<GroupRecord>[] {
  if (!mayReceiveGroup(ctx, group, requester)) throw new NotAGroupMemberError('not a member of that group')
  return ctx.store.groupLog(group, afterSeq, limit)
}

/** The user's role, or GroupRoleError if it does not allow `action`. */
export function requireMyRole(ctx: NodeContext, state: GroupState, action: 'post'): GroupRole {
  const role = state.members.get(requireIdentity(ctx).nodeId)
  if (role === undefined) throw new NotAGroupMemberError('you are not in this group')
  if (!roleAllows(role, action)) throw new GroupRoleError(`a ${role} may not ${action}`)
  return role
}
