/**
 * The epoch secrets this node opened, kept in memory only (issue 10: no secret at rest in the
 * clear — at rest each secret exists only wrapped for the member's identity key, in the log).
 */
import type { GroupId, Identity, Signed } from '../model/index.ts'
import { openEpochKey } from './epoch-key.ts'
import type { GroupRecord } from './group-records.ts'
import { epochKeySources } from './my-epoch-keys.ts'

/** Where the keyring reads a group's log. */
export type GroupLogReader = (group: GroupId) => readonly Signed<GroupRecord>[]

/** Opens and caches epoch secrets of the groups `identity` is in. */
export class GroupKeyring {
  private readonly identity: Identity
  private readonly readLog: GroupLogReader
  private readonly secrets = new Map<string, Uint8Array>()

  constructor(identity: Identity, readLog: GroupLogReader) {
    this.identity = identity
    this.readLog = readLog
  }

  /** Whose keyring this is. */
  get owner(): string {
    return this.identity.nodeId
  }

  /** The secret of `epoch` of `group`, or undefined if this member has no copy of it. */
  async secret(group: GroupId, epoch: number): Promise<Uint8Array | undefined> {
    const key = `${group}:${epoch}`
    const held = this.secrets.get(key)
    if (held !== undefined) return held
    const source = epochKeySources(this.readLog(group), this.identity.nodeId).get(epoch)
    if (source === undefined) return undefined
    const secret = await openEpochKey(
      this.identity,
      group,
      epoch,
      source.epoch_pub,
      source.ephemeral_pub,
      source.keys,
    )
    this.secrets.set(key, secret)
    return secret
  }

  /** Keeps a secret this node just made (its own create, remove or rekey). */
  remember(group: GroupId, epoch: number, secret: Uint8Array): void {
    this.secrets.set(`${group}:${epoch}`, secret)
  }
}
