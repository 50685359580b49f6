/**
 * Which records of a group's log hold this member's copy of each epoch secret (issue 14): the
 * create record (epoch 0), the add of this member (the epoch current then), and every remove or
 * rekey that wrapped the new epoch for them. A removed member finds no copy of any later epoch.
 */
import type { NodeId, Signed } from '../model/index.ts'
import type { MemberKey } from './epoch-key.ts'
import type { GroupRecord } from './group-records.ts'

/** Where one epoch's secret can be opened from. */
export interface EpochKeySource {
  epoch: number
  epoch_pub: Uint8Array
  ephemeral_pub: Uint8Array
  keys: MemberKey[]
}

/** The epochs `member` holds a copy of in `log` (in log order), by epoch. */
export function epochKeySources(
  log: readonly Signed<GroupRecord>[],
  member: NodeId,
): Map<number, EpochKeySource> {
  const found = new Map<number, EpochKeySource>()
  let epoch = 0
  let epochPub: Uint8Array | undefined
  for (const { record: r } of log) {
    if (r.op === 'create' || r.op === 'remove' || r.op === 'rekey') {
      epoch = r.epoch
      epochPub = r.epoch_pub
      if (r.keys.some((k) => k.member === member))
        found.set(epoch, { epoch, epoch_pub: r.epoch_pub, ephemeral_pub: r.ephemeral_pub, keys: r.keys })
    } else if (r.op === 'add' && r.member === member && epochPub !== undefined) {
      found.set(epoch, { epoch, epoch_pub: epochPub, ephemeral_pub: r.ephemeral_pub, keys: r.keys })
    }
  }
  return found
}
