/**
 * Groups as entities (issue 14; docs/protocol/groups.md): a group has its own X25519 key per epoch,
 * a signed record log of membership, roles and key changes, role checks every node applies, group
 * posts wrapped once for the epoch key, and audience sharding into groups of ≤ 250.
 */
export {
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildCreate,
  buildDeletePost,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
} from './build-records.ts'
export {
  type EpochKeyPair,
  epochKeyBinding,
  GROUP_KEY_CONTEXT,
  type MemberKey,
  newEpochKey,
  openEpochKey,
  wrapEpochKey,
} from './epoch-key.ts'
export {
  answerStartsAfter,
  beatsInFork,
  FORK_LIMITS,
  foldHeld,
  type LogMerge,
  mergeGroupLog,
} from './fork-choice.ts'
export {
  encryptForGroup,
  GROUP_WRAP_CONTEXT,
  type GroupEpoch,
  type GroupVisibility,
  groupWrapBinding,
  openGroupContentKey,
  wrapForGroup,
} from './group-envelope.ts'
export { GROUP_ID_DOMAIN, GROUP_NONCE_BYTES, groupIdOf, parseGroupId } from './group-id.ts'
export {
  GroupKeyring,
  type GroupLogReader,
  type KeyringReaders,
  type RetiredKeyReader,
} from './group-keyring.ts'
export { openGroupProfileVersion, sealGroupProfileVersion } from './group-profile-version.ts'
export {
  type EpochKeys,
  GROUP_LIMITS,
  GROUP_RECORD_DOMAIN,
  GROUP_RECORD_ID_DOMAIN,
  type GroupOp,
  type GroupOpName,
  type GroupRecord,
  type GroupRecordBase,
  groupRecordId,
  parseEpochKeys,
  parseGroupRecord,
  signGroupRecord,
  verifyGroupRecord,
} from './group-records.ts'
export { applyGroupRecord, checkGroupPost, type GroupState } from './group-state.ts'
export {
  GROUP_SYNC_LIMITS,
  type GroupAnswer,
  type GroupAsk,
  type GroupHead,
  type GroupHold,
  type GroupHoldReceipt,
  type GroupLog,
  parseGroupAnswer,
  parseGroupAsk,
  parseGroupHold,
  parseGroupHoldReceipt,
} from './group-sync-frames.ts'
export { answerGroupAsk, type HeldGroupLogs } from './held-logs.ts'
export { type EpochKeySource, epochKeySources } from './my-epoch-keys.ts'
export {
  GROUP_ROLES,
  type GroupAction,
  type GroupRole,
  isGroupRole,
  outranksFor,
  parseGroupRole,
  roleAllows,
} from './roles.ts'
export {
  encryptForShards,
  removeFromShardedAudience,
  type ShardCopy,
  shardEpoch,
  shardHolding,
} from './sharded-audience.ts'
export { SHARD_LIMITS, shardAudience, shardCount, shardForNewSubscriber } from './sharding.ts'
