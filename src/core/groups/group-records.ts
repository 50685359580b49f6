/**
 * Signed group records (issue 14; docs/protocol/groups.md): membership, roles and every key change.
 * A group's records form one log: record `seq` n names the id of record n−1 in `prev`. The signer
 * signs `"distsoc/group/v1" ‖ canonical(record)`; `verifyGroupRecord` parses untrusted values
 * strictly and bounds every list. Whether the signer may sign it is group-state.ts's question.
 */
import { blake3, concatBytes, sign, toHex, utf8, verify } from '../crypto/index.ts'
import { FutureTimestampError, InvalidSignatureError, TooLargeError, ValidationError } from '../errors.ts'
import {
  charCount,
  encodeCanonical,
  expectArray,
  expectBytes,
  expectObject,
  expectPostId,
  expectString,
  expectUint,
  type GroupId,
  type Identity,
  isHashHex,
  LIMITS,
  type Millis,
  type NodeId,
  type PostId,
  parseNodeId,
  publicKeyFromNodeIdUnsafe,
  type Signed,
  type Verified,
} from '../model/index.ts'
import type { MemberKey } from './epoch-key.ts'
import { parseGroupId } from './group-id.ts'
import { type GroupRole, parseGroupRole } from './roles.ts'

/** Signature domain of group records. */
export const GROUP_RECORD_DOMAIN = 'distsoc/group/v1'
/** Domain of a record's id hash. */
export const GROUP_RECORD_ID_DOMAIN = 'distsoc/group/record/v1'
/** Bounds on groups (shards are 200–250 members, issue 14). */
export const GROUP_LIMITS = {
  /** Members of one group, so one rekey is ≤ 256 wraps (≈ 25 KiB). */
  members: 256,
  /** Characters of a group's name. */
  nameChars: 64,
  /** Records in one group's log. */
  records: 4096,
} as const

/** Fields every group record has. */
export interface GroupRecordBase {
  v: 1
  group: GroupId
  /** Position in the group's log, from 0 (the create record). */
  seq: number
  /** Id of record `seq − 1`; absent only on the create record. */
  prev?: string
  /** The signer. */
  author: NodeId
  created_at: Millis
}

/** The key material of a new epoch: its public key and its secret wrapped for each member. */
export interface EpochKeys {
  /** The epoch these keys start: 0 on create, the current epoch + 1 on remove and rekey. */
  epoch: number
  epoch_pub: Uint8Array
  ephemeral_pub: Uint8Array
  keys: MemberKey[]
}

/** What a record does. */
export type GroupOp =
  | ({ op: 'create'; name: string; nonce: Uint8Array } & EpochKeys)
  /** Adds `member` with `role`; `keys` holds the current epoch secret for the new member only. */
  | { op: 'add'; member: NodeId; role: GroupRole; ephemeral_pub: Uint8Array; keys: MemberKey[] }
  | { op: 'set-role'; member: NodeId; role: GroupRole }
  /** Removes `member` and starts the next epoch, wrapped for exactly the remaining members. */
  | ({ op: 'remove'; member: NodeId } & EpochKeys)
  /** The signer leaves; a Moderator or Admin rekeys afterwards. */
  | { op: 'leave' }
  /** Starts the next epoch for the current members (after a leave). */
  | ({ op: 'rekey' } & EpochKeys)
  /** A Moderator or Admin asks every member to drop someone's post in the group. */
  | { op: 'delete-post'; post_id: PostId }
  /** The signer, added by an `add` and not yet joined, accepts the invitation (once per add). */
  | { op: 'accept' }

/** One group record. */
export type GroupRecord = GroupRecordBase & GroupOp

/** The kinds of record. */
export type GroupOpName = GroupOp['op']

const BASE = ['v', 'group', 'seq', 'author', 'created_at', 'op']
const EPOCH = ['epoch', 'epoch_pub', 'ephemeral_pub', 'keys']
const FIELDS: Record<GroupOpName, string[]> = {
  create: [...BASE, 'name', 'nonce', ...EPOCH],
  add: [...BASE, 'prev', 'member', 'role', 'ephemeral_pub', 'keys'],
  'set-role': [...BASE, 'prev', 'member', 'role'],
  remove: [...BASE, 'prev', 'member', ...EPOCH],
  leave: [...BASE, 'prev'],
  rekey: [...BASE, 'prev', ...EPOCH],
  'delete-post': [...BASE, 'prev', 'post_id'],
  accept: [...BASE, 'prev'],
}

function parseKeys(v: unknown, what: string): MemberKey[] {
  const list = expectArray(v, what)
  if (list.length > GROUP_LIMITS.members)
    throw new TooLargeError(`${what}: more than ${GROUP_LIMITS.members}`)
  const keys = list.map((k, i) => {
    const o = expectObject(k, `${what}[${i}]`, ['member', 'wrapped'])
    return { member: parseNodeId(o.member), wrapped: expectBytes(o.wrapped, `${what}[${i}].wrapped`, 73) }
  })
  if (new Set(keys.map((k) => k.member)).size !== keys.length)
    throw new ValidationError(`${what} lists a member twice`)
  return keys
}

function parseEpochKeyFields(o: Record<string, unknown>): EpochKeys {
  return {
    epoch: expectUint(o.epoch, 'group record epoch'),
    epoch_pub: expectBytes(o.epoch_pub, 'group record epoch_pub', 32),
    ephemeral_pub: expectBytes(o.ephemeral_pub, 'group record ephemeral_pub', 32),
    keys: parseKeys(o.keys, 'group record keys'),
  }
}

/**
 * Parses one epoch's key material as a node keeps it outside the log (a retired fork branch's
 * copy): epoch, epoch key, ephemeral key and the wraps. Errors: ValidationError, TooLargeError, InvalidNodeIdError.
 */
export function parseEpochKeys(v: unknown, what: string): EpochKeys {
  return parseEpochKeyFields(expectObject(v, what, EPOCH))
}

/** Parses a GroupRecord strictly. Errors: ValidationError, TooLargeError, InvalidNodeIdError. */
export function parseGroupRecord(v: unknown): GroupRecord {
  const op = (v as { op?: unknown } | null)?.op
  if (typeof op !== 'string' || !Object.hasOwn(FIELDS, op))
    throw new ValidationError('group record op is unknown')
  const name = op as GroupOpName
  const required = FIELDS[name]
  const o = expectObject(v, 'group record', required)
  if (o.v !== 1) throw new ValidationError('group record v must be 1')
  const base: GroupRecordBase = {
    v: 1,
    group: parseGroupId(o.group, 'group record group'),
    seq: expectUint(o.seq, 'group record seq'),
    author: parseNodeId(o.author),
    created_at: expectUint(o.created_at, 'group record created_at'),
  }
  if (name === 'create') {
    if (base.seq !== 0) throw new ValidationError('a create record has seq 0')
    const title = expectString(o.name, 'group name').trim()
    if (title.length === 0) throw new ValidationError('a group needs a name')
    if (charCount(title) > GROUP_LIMITS.nameChars) throw new TooLargeError('group name is too long')
    return {
      ...base,
      op: 'create',
      name: title,
      nonce: expectBytes(o.nonce, 'group nonce', 16),
      ...parseEpochKeyFields(o),
    }
  }
  if (base.seq === 0) throw new ValidationError('only a create record has seq 0')
  if (base.seq >= GROUP_LIMITS.records) throw new TooLargeError('the group log is full')
  if (!isHashHex(o.prev)) throw new ValidationError('group record prev must be a record id')
  const linked = { ...base, prev: o.prev }
  switch (name) {
    case 'add':
      return {
        ...linked,
        op: 'add',
        member: parseNodeId(o.member),
        role: parseGroupRole(o.role, 'group record role'),
        ephemeral_pub: expectBytes(o.ephemeral_pub, 'group record ephemeral_pub', 32),
        keys: parseKeys(o.keys, 'group record keys'),
      }
    case 'set-role':
      return {
        ...linked,
        op: 'set-role',
        member: parseNodeId(o.member),
        role: parseGroupRole(o.role, 'group record role'),
      }
    case 'remove':
      return { ...linked, op: 'remove', member: parseNodeId(o.member), ...parseEpochKeyFields(o) }
    case 'leave':
      return { ...linked, op: 'leave' }
    case 'rekey':
      return { ...linked, op: 'rekey', ...parseEpochKeyFields(o) }
    case 'delete-post':
      return { ...linked, op: 'delete-post', post_id: expectPostId(o.post_id, 'group record post_id') }
    case 'accept':
      return { ...linked, op: 'accept' }
  }
}

function signatureMessage(record: GroupRecord): Uint8Array {
  return concatBytes(utf8(GROUP_RECORD_DOMAIN), encodeCanonical(record))
}

/** A record's id: hex BLAKE3("distsoc/group/record/v1" ‖ canonical(signed record)); the next record's `prev`. */
export function groupRecordId(signed: Signed<GroupRecord>): string {
  return toHex(blake3(concatBytes(utf8(GROUP_RECORD_ID_DOMAIN), encodeCanonical(signed))))
}

/** Signs a group record. Throws ValidationError for an invalid record or a foreign author. */
export async function signGroupRecord(identity: Identity, record: GroupRecord): Promise<Signed<GroupRecord>> {
  const clean = parseGroupRecord(record)
  if (clean.author !== identity.nodeId) throw new ValidationError('only the author can sign this record')
  return { record: clean, signature: await sign(identity.seed, signatureMessage(clean)) }
}

/**
 * Verifies an untrusted signed group record's shape, bounds and signature (not the signer's right
 * to sign it). Errors: as parseGroupRecord, FutureTimestampError, InvalidSignatureError.
 */
export async function verifyGroupRecord(
  candidate: unknown,
  now: Millis,
): Promise<Verified<Signed<GroupRecord>>> {
  const o = expectObject(candidate, 'signed group record', ['record', 'signature'])
  const record = parseGroupRecord(o.record)
  const signature = expectBytes(o.signature, 'signature', 64)
  if (record.created_at > now + LIMITS.futureSkewMs)
    throw new FutureTimestampError('group record is in the future')
  const ok = await verify(publicKeyFromNodeIdUnsafe(record.author), signatureMessage(record), signature)
  if (!ok) throw new InvalidSignatureError('group record signature does not verify for its author')
  return { record, signature } as Verified<Signed<GroupRecord>>
}
