/**
 * Builders of the records a member signs (issue 14): each takes the group's current state and
 * returns the signed record plus, for key changes, the new epoch secret (kept only in memory; every
 * member, the signer included, gets it back by opening their wrapped copy).
 */
import { type RandomSource, randomBytes } from '../crypto/index.ts'
import type { Identity, Millis, NodeId, PostId, Signed } from '../model/index.ts'
import { newEpochKey, wrapEpochKey } from './epoch-key.ts'
import { GROUP_NONCE_BYTES, groupIdOf } from './group-id.ts'
import { type GroupRecord, type GroupRecordBase, signGroupRecord } from './group-records.ts'
import type { GroupState } from './group-state.ts'
import type { GroupRole } from './roles.ts'

/** A signed record and, when it starts an epoch, that epoch's secret. */
export interface BuiltRecord {
  signed: Signed<GroupRecord>
  epochSecret?: Uint8Array
}

function linked(identity: Identity, state: GroupState, now: Millis): GroupRecordBase {
  return {
    v: 1,
    group: state.id,
    seq: state.seq + 1,
    prev: state.head,
    author: identity.nodeId,
    created_at: Math.max(now, state.updated_at),
  }
}

/** The create record of a new group with `identity` as its only member and admin. */
export async function buildCreate(
  identity: Identity,
  name: string,
  now: Millis,
  random: RandomSource = randomBytes,
): Promise<BuiltRecord> {
  const nonce = random(GROUP_NONCE_BYTES)
  const group = groupIdOf(identity.nodeId, now, nonce)
  const epoch = newEpochKey(random)
  const wrapped = await wrapEpochKey(epoch.secret, group, 0, [identity.nodeId], random)
  const signed = await signGroupRecord(identity, {
    v: 1,
    group,
    seq: 0,
    author: identity.nodeId,
    created_at: now,
    op: 'create',
    name,
    nonce,
    epoch: 0,
    epoch_pub: epoch.pub,
    ...wrapped,
  })
  return { signed, epochSecret: epoch.secret }
}

/** Adds `member` as `role`, wrapping the current epoch secret (which the signer holds) for them. */
export async function buildAdd(
  identity: Identity,
  state: GroupState,
  epochSecret: Uint8Array,
  member: NodeId,
  role: GroupRole,
  now: Millis,
  random: RandomSource = randomBytes,
): Promise<BuiltRecord> {
  const wrapped = await wrapEpochKey(epochSecret, state.id, state.epoch, [member], random)
  const signed = await signGroupRecord(identity, {
    ...linked(identity, state, now),
    op: 'add',
    member,
    role,
    ...wrapped,
  })
  return { signed }
}

/** Changes a member's role. */
export async function buildSetRole(
  identity: Identity,
  state: GroupState,
  member: NodeId,
  role: GroupRole,
  now: Millis,
): Promise<BuiltRecord> {
  return {
    signed: await signGroupRecord(identity, {
      ...linked(identity, state, now),
      op: 'set-role',
      member,
      role,
    }),
  }
}

/** Removes `member` and starts the next epoch, wrapped for the N−1 remaining members. */
export async function buildRemove(
  identity: Identity,
  state: GroupState,
  member: NodeId,
  now: Millis,
  random: RandomSource = randomBytes,
): Promise<BuiltRecord> {
  const remaining = [...state.members.keys()].filter((m) => m !== member)
  const epoch = newEpochKey(random)
  const wrapped = await wrapEpochKey(epoch.secret, state.id, state.epoch + 1, remaining, random)
  const signed = await signGroupRecord(identity, {
    ...linked(identity, state, now),
    op: 'remove',
    member,
    epoch: state.epoch + 1,
    epoch_pub: epoch.pub,
    ...wrapped,
  })
  return { signed, epochSecret: epoch.secret }
}

/** Starts the next epoch for the current members (after someone left). */
export async function buildRekey(
  identity: Identity,
  state: GroupState,
  now: Millis,
  random: RandomSource = randomBytes,
): Promise<BuiltRecord> {
  const epoch = newEpochKey(random)
  const wrapped = await wrapEpochKey(
    epoch.secret,
    state.id,
    state.epoch + 1,
    [...state.members.keys()],
    random,
  )
  const signed = await signGroupRecord(identity, {
    ...linked(identity, state, now),
    op: 'rekey',
    epoch: state.epoch + 1,
    epoch_pub: epoch.pub,
    ...wrapped,
  })
  return { signed, epochSecret: epoch.secret }
}

/** The signer leaves the group. */
export async function buildLeave(identity: Identity, state: GroupState, now: Millis): Promise<BuiltRecord> {
  return { signed: await signGroupRecord(identity, { ...linked(identity, state, now), op: 'leave' }) }
}

/** The signer, invited and not joined yet, accepts the invitation (so the inviter learns it from any holder of the log). */
export async function buildAccept(identity: Identity, state: GroupState, now: Millis): Promise<BuiltRecord> {
  return { signed: await signGroupRecord(identity, { ...linked(identity, state, now), op: 'accept' }) }
}

/** A Moderator's or Admin's delete of someone's post in the group. */
export async function buildDeletePost(
  identity: Identity,
  state: GroupState,
  postId: PostId,
  now: Millis,
): Promise<BuiltRecord> {
  return {
    signed: await signGroupRecord(identity, {
      ...linked(identity, state, now),
      op: 'delete-post',
      post_id: postId,
    }),
  }
}
