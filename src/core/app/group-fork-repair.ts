/**
 * A forked group log repaired on this node (issue 14; docs/protocol/groups.md "Forks"): the winning
 * branch replaces the held one in one write, this node's copies of the losing branch's epoch keys
 * are kept (posts made under them stay readable), and what this node itself signed on the losing
 * branch is signed again on top of the winner where it still makes sense — an add of someone not a
 * member yet, a role change still to make, a removal of someone still there, a leave, a rekey (a new
 * epoch, so both sides' members end on one key), a post delete, an accept still pending.
 */
import { bytesEqual } from '../crypto/index.ts'
import { DistsocError } from '../errors.ts'
import {
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildDeletePost,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
  type EpochKeySource,
  epochKeySources,
  type GroupRecord,
  type GroupState,
  type LogMerge,
  outranksFor,
  roleAllows,
} from '../groups/index.ts'
import type { GroupId, NodeId, Signed } from '../model/index.ts'
import { commitGroupRecord, groupKeyring, writeGroupSteps } from './group-service.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

type Adopt = Extract<LogMerge, { kind: 'adopt' }>

/** This node's copies of epoch keys in `before` that `after` no longer has (a losing branch's). */
export function retiredKeysOf(
  before: readonly Signed<GroupRecord>[],
  after: readonly Signed<GroupRecord>[],
  me: NodeId,
): EpochKeySource[] {
  const kept = epochKeySources(after, me)
  const gone: EpochKeySource[] = []
  for (const [epoch, source] of epochKeySources(before, me)) {
    const now = kept.get(epoch)
    if (now !== undefined && bytesEqual(now.ephemeral_pub, source.ephemeral_pub)) continue
    gone.push({ ...source, keys: source.keys.filter((k) => k.member === me) })
  }
  return gone
}

/**
 * Writes a winning branch over the held log `held` (records and states, the losing records dropped,
 * their epoch keys retired) in one transaction. Returns the state now held.
 */
export function adoptGroupBranch(
  ctx: NodeContext,
  held: readonly Signed<GroupRecord>[],
  merge: Adopt,
): GroupState {
  const me = requireIdentity(ctx).nodeId
  const after = [...held.slice(0, merge.from), ...merge.records]
  const steps = merge.records.map((signed, i) => ({ signed, state: merge.states[i] as GroupState }))
  writeGroupSteps(ctx, steps, { dropFrom: merge.from, retire: retiredKeysOf(held, after, me) })
  return merge.states[merge.states.length - 1] as GroupState
}

async function rebuild(
  ctx: NodeContext,
  state: GroupState,
  r: GroupRecord,
): Promise<BuiltRecord | undefined> {
  const identity = requireIdentity(ctx)
  const me = identity.nodeId
  const mine = state.members.get(me)
  if (mine === undefined) return undefined
  const now = ctx.clock.now()
  switch (r.op) {
    case 'add': {
      if (state.members.has(r.member) || !roleAllows(mine, 'add') || !outranksFor(mine, r.role))
        return undefined
      const secret = await groupKeyring(ctx).secret(state.id, state.epoch)
      return secret === undefined ? undefined : buildAdd(identity, state, secret, r.member, r.role, now)
    }
    case 'set-role': {
      const current = state.members.get(r.member)
      if (current === undefined || current === r.role || !roleAllows(mine, 'set-role')) return undefined
      return buildSetRole(identity, state, r.member, r.role, now)
    }
    case 'remove': {
      const target = state.members.get(r.member)
      if (target === undefined || !roleAllows(mine, 'remove') || !outranksFor(mine, target)) return undefined
      return buildRemove(identity, state, r.member, now)
    }
    case 'leave':
      return buildLeave(identity, state, now)
    case 'rekey':
      return roleAllows(mine, 'rekey') ? buildRekey(identity, state, now) : undefined
    case 'delete-post':
      return roleAllows(mine, 'delete-others') ? buildDeletePost(identity, state, r.post_id, now) : undefined
    case 'accept':
      return state.pending.has(me) ? buildAccept(identity, state, now) : undefined
    case 'create':
      return undefined
  }
}

/**
 * Signs again, on top of the group's held log, what this node signed among `dropped` (a losing
 * branch), in order, where it still makes sense; a rekey or removal starts a new epoch. A record the
 * fold now refuses is skipped. Returns how many were signed.
 */
export async function reissueDropped(
  ctx: NodeContext,
  group: GroupId,
  dropped: readonly Signed<GroupRecord>[],
): Promise<number> {
  const me = requireIdentity(ctx).nodeId
  let signed = 0
  let rekeyed = false
  for (const { record } of dropped) {
    if (record.author !== me) continue
    // one new epoch covers every key change of the branch that lost
    if (record.op === 'rekey' && rekeyed) continue
    const state = ctx.store.getGroup(group)?.state
    if (state === undefined) return signed
    try {
      const built = await rebuild(ctx, state, record)
      if (built === undefined) continue
      await commitGroupRecord(ctx, built)
      signed++
      if (record.op === 'rekey' || record.op === 'remove') rekeyed = true
    } catch (err) {
      if (!(err instanceof DistsocError)) throw err
    }
  }
  return signed
}
