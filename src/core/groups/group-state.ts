/**
 * A group's state as the fold of its log (issue 14): every node applies every record through
 * `applyGroupRecord`, which checks the signer's role, the log position and the epoch before
 * anything changes, so a Poster's removal, a replayed or forked record, an older epoch or a
 * non-member's record is refused with a typed error and leaves the state as it was.
 */
import {
  GroupConflictError,
  GroupRoleError,
  NotAGroupMemberError,
  TooLargeError,
  ValidationError,
} from '../errors.ts'
import type { GroupId, Millis, NodeId, Signed, SignedPost, Verified } from '../model/index.ts'
import type { MemberKey } from './epoch-key.ts'
import { groupIdOf } from './group-id.ts'
import { GROUP_LIMITS, type GroupRecord, groupRecordId } from './group-records.ts'
import { type GroupAction, type GroupRole, outranksFor, roleAllows } from './roles.ts'

/** What a node knows of a group after applying its log up to `seq`. */
export interface GroupState {
  id: GroupId
  name: string
  creator: NodeId
  /** Seq of the last applied record. */
  seq: number
  /** Id of the last applied record (the next record's `prev`). */
  head: string
  epoch: number
  epoch_pub: Uint8Array
  members: Map<NodeId, GroupRole>
  /** Members added whose `accept` is not in the log yet (invited, not joined); the creator never is. */
  pending: Set<NodeId>
  /** Someone left since the last epoch change: a Moderator or Admin should rekey. */
  needs_rekey: boolean
  updated_at: Millis
}

function requireRole(state: GroupState, signer: NodeId, action: GroupAction): GroupRole {
  const role = state.members.get(signer)
  if (role === undefined) throw new NotAGroupMemberError('the signer is not a member of the group')
  if (!roleAllows(role, action)) throw new GroupRoleError(`a ${role} may not ${action}`)
  return role
}

function requireKeysFor(keys: readonly MemberKey[], members: Iterable<NodeId>, what: string): void {
  const want = new Set(members)
  if (keys.length !== want.size || !keys.every((k) => want.has(k.member)))
    throw new ValidationError(`${what}: the epoch key must be wrapped for exactly the members`)
}

function requireNextEpoch(state: GroupState, epoch: number): void {
  if (epoch !== state.epoch + 1)
    throw new GroupConflictError(`epoch ${epoch} does not follow the current epoch ${state.epoch}`)
}

function adminsAfter(state: GroupState, leaving: NodeId): number {
  let n = 0
  for (const [m, r] of state.members) if (m !== leaving && r === 'admin') n++
  return n
}

function applyCreate(signed: Signed<GroupRecord>): GroupState {
  const r = signed.record
  if (r.op !== 'create') throw new GroupConflictError('a group log starts with its create record')
  if (groupIdOf(r.author, r.created_at, r.nonce) !== r.group)
    throw new ValidationError('the group id is not derived from its creator, time and nonce')
  if (r.epoch !== 0) throw new ValidationError('a group starts at epoch 0')
  requireKeysFor(r.keys, [r.author], 'create')
  return {
    id: r.group,
    name: r.name,
    creator: r.author,
    seq: 0,
    head: groupRecordId(signed),
    epoch: 0,
    epoch_pub: r.epoch_pub,
    members: new Map([[r.author, 'admin']]),
    pending: new Set(),
    needs_rekey: false,
    updated_at: r.created_at,
  }
}

/**
 * The state after `signed` (a verified record) is applied to `state` (undefined before the create
 * record). Never mutates `state`. Errors: GroupConflictError (replayed, out of order, forked,
 * wrong group or epoch), NotAGroupMemberError (signer or target not a member), GroupRoleError
 * (the signer's role does not allow it), ValidationError (keys not for exactly the members, last
 * admin leaving), TooLargeError (group full). An `accept` must be signed by a member added and not
 * joined yet: NotAGroupMemberError for anyone else, GroupConflictError for a second accept.
 */
export function applyGroupRecord(
  state: GroupState | undefined,
  signed: Verified<Signed<GroupRecord>>,
): GroupState {
  const r = signed.record
  if (state === undefined) return applyCreate(signed)
  if (r.group !== state.id) throw new GroupConflictError('the record is for another group')
  if (r.seq <= state.seq) throw new GroupConflictError('a replayed or older group record')
  if (r.seq !== state.seq + 1) throw new GroupConflictError('a group record out of order')
  if (r.prev !== state.head) throw new GroupConflictError('the group record forks the log')
  const members = new Map(state.members)
  const pending = new Set(state.pending)
  const next: GroupState = {
    ...state,
    members,
    pending,
    seq: r.seq,
    head: groupRecordId(signed),
    updated_at: Math.max(state.updated_at, r.created_at),
  }
  switch (r.op) {
    case 'create':
      throw new GroupConflictError('the group exists already')
    case 'add': {
      const role = requireRole(state, r.author, 'add')
      if (!outranksFor(role, r.role)) throw new GroupRoleError(`a ${role} may not add a ${r.role}`)
      if (members.has(r.member)) throw new GroupConflictError('already a member')
      if (members.size >= GROUP_LIMITS.members) throw new TooLargeError('the group is full')
      requireKeysFor(r.keys, [r.member], 'add')
      members.set(r.member, r.role)
      pending.add(r.member)
      return next
    }
    case 'set-role': {
      requireRole(state, r.author, 'set-role')
      const current = members.get(r.member)
      if (current === undefined) throw new NotAGroupMemberError('not a member')
      if (current === 'admin' && r.role !== 'admin' && adminsAfter(state, r.member) === 0)
        throw new ValidationError('a group keeps at least one admin')
      members.set(r.member, r.role)
      return next
    }
    case 'remove': {
      const role = requireRole(state, r.author, 'remove')
      const target = members.get(r.member)
      if (target === undefined) throw new NotAGroupMemberError('not a member')
      if (r.member === r.author) throw new ValidationError('leave the group instead of removing yourself')
      if (!outranksFor(role, target)) throw new GroupRoleError(`a ${role} may not remove a ${target}`)
      requireNextEpoch(state, r.epoch)
      members.delete(r.member)
      pending.delete(r.member)
      requireKeysFor(r.keys, members.keys(), 'remove')
      return { ...next, epoch: r.epoch, epoch_pub: r.epoch_pub, needs_rekey: false }
    }
    case 'leave': {
      const role = members.get(r.author)
      if (role === undefined) throw new NotAGroupMemberError('the signer is not a member of the group')
      if (role === 'admin' && members.size > 1 && adminsAfter(state, r.author) === 0)
        throw new ValidationError('the last admin cannot leave; make someone else admin first')
      members.delete(r.author)
      pending.delete(r.author)
      return { ...next, needs_rekey: members.size > 0 }
    }
    case 'rekey':
      requireRole(state, r.author, 'rekey')
      requireNextEpoch(state, r.epoch)
      requireKeysFor(r.keys, members.keys(), 'rekey')
      return { ...next, epoch: r.epoch, epoch_pub: r.epoch_pub, needs_rekey: false }
    case 'delete-post':
      requireRole(state, r.author, 'delete-others')
      return next
    case 'accept':
      if (!members.has(r.author)) throw new NotAGroupMemberError('only an invitee may accept the invitation')
      if (!pending.has(r.author)) throw new GroupConflictError('the invitation was accepted already')
      pending.delete(r.author)
      return next
  }
}

/**
 * Checks a group post against the group's state (every node, issue 14): the author must be a member
 * whose role allows posting, and the epoch one this node knows. Errors: NotAGroupMemberError,
 * GroupRoleError, GroupConflictError (an epoch newer than the log held, or another group).
 */
export function checkGroupPost(state: GroupState, post: SignedPost): void {
  const v = post.visibility
  if (v.type !== 'group' || v.group !== state.id)
    throw new GroupConflictError('the post is not for this group')
  requireRole(state, post.post.author, 'post')
  if (v.epoch > state.epoch)
    throw new GroupConflictError('the post names an epoch newer than the group log held')
}
