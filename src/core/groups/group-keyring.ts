/**
 * The epoch secrets this node opened, kept in memory only (issue 10: no secret at rest in the
 * clear — at rest each secret exists only wrapped for the member's identity key, in the log or,
 * for a losing fork branch, among the retired keys).
 */
import { toHex, x25519PublicKey } from '../crypto/index.ts'
import type { GroupId, Identity, Signed } from '../model/index.ts'
import { openEpochKey } from './epoch-key.ts'
import type { GroupRecord } from './group-records.ts'
import { type EpochKeySource, epochKeySources } from './my-epoch-keys.ts'

/** Where the keyring reads a group's log. */
export type GroupLogReader = (group: GroupId) => readonly Signed<GroupRecord>[]

/** Where the keyring reads the retired keys of an epoch (losing fork branches). */
export type RetiredKeyReader = (group: GroupId, epoch: number) => readonly EpochKeySource[]

/** Optional readers beside the log: retired keys, and the log's head (so the log is read once per change). */
export interface KeyringReaders {
  retired?: RetiredKeyReader
  head?: (group: GroupId) => string | undefined
}

/** Epoch secrets a keyring keeps open in memory at most (the least recently used go first), so endless forks cannot grow it. */
export const KEYRING_CACHE_LIMIT = 1024

/** Opens and caches epoch secrets of the groups `identity` is in. */
export class GroupKeyring {
  private readonly identity: Identity
  private readonly readLog: GroupLogReader
  private readonly readers: KeyringReaders
  /** By group, epoch and epoch key: a fork repair may give an epoch another key. */
  private readonly secrets_ = new Map<string, Uint8Array>()
  private readonly sources = new Map<GroupId, { head: string; map: Map<number, EpochKeySource> }>()

  constructor(identity: Identity, readLog: GroupLogReader, readers: KeyringReaders = {}) {
    this.identity = identity
    this.readLog = readLog
    this.readers = readers
  }

  private sourcesOf(group: GroupId): Map<number, EpochKeySource> {
    const head = this.readers.head?.(group)
    const held = this.sources.get(group)
    if (head !== undefined && held?.head === head) return held.map
    const map = epochKeySources(this.readLog(group), this.identity.nodeId)
    if (head !== undefined) this.sources.set(group, { head, map })
    return map
  }

  /** Whose keyring this is. */
  get owner(): string {
    return this.identity.nodeId
  }

  private async open(group: GroupId, source: EpochKeySource): Promise<Uint8Array> {
    const key = `${group}:${source.epoch}:${toHex(source.epoch_pub)}`
    const held = this.secrets_.get(key)
    if (held !== undefined) {
      this.secrets_.delete(key)
      this.secrets_.set(key, held)
      return held
    }
    const secret = await openEpochKey(
      this.identity,
      group,
      source.epoch,
      source.epoch_pub,
      source.ephemeral_pub,
      source.keys,
    )
    this.keep(key, secret)
    return secret
  }

  /** The secret of `epoch` of `group` in the log held, or undefined if this member has no copy of it. */
  async secret(group: GroupId, epoch: number): Promise<Uint8Array | undefined> {
    const source = this.sourcesOf(group).get(epoch)
    return source === undefined ? undefined : this.open(group, source)
  }

  /**
   * Every secret of `epoch` this member holds: the log's, then those of losing fork branches (a
   * post made under one stays readable). Copies that do not open are skipped.
   */
  async secrets(group: GroupId, epoch: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    const current = await this.secret(group, epoch).catch(() => undefined)
    if (current !== undefined) out.push(current)
    for (const source of this.readers.retired?.(group, epoch) ?? []) {
      const secret = await this.open(group, source).catch(() => undefined)
      if (secret !== undefined) out.push(secret)
    }
    return out
  }

  /** Keeps a secret this node just made (its own create, remove or rekey). */
  remember(group: GroupId, epoch: number, secret: Uint8Array): void {
    this.keep(`${group}:${epoch}:${toHex(x25519PublicKey(secret))}`, secret)
  }

  private keep(key: string, secret: Uint8Array): void {
    this.secrets_.set(key, secret)
    const oldest = this.secrets_.keys().next().value
    if (this.secrets_.size > KEYRING_CACHE_LIMIT && oldest !== undefined) this.secrets_.delete(oldest)
  }

  /** How many secrets are open in memory (tests: the cache is bounded). */
  get openCount(): number {
    return this.secrets_.size
  }
}
