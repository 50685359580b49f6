/**
 * A group built in memory for the groups tests and bench (issue 14): real records signed by real
 * identities, folded with applyGroupRecord after verifyGroupRecord exactly as every node does, and
 * the epoch secrets each member can open from the log. Never use outside tests and benches.
 */
import { blake3, type RandomSource, randomBytes, utf8 } from '../../crypto/index.ts'
import { type Identity, identityFromSeed } from '../../model/index.ts'
import type { Millis, Signed } from '../../model/types.ts'
import { type BuiltRecord, buildAdd, buildCreate } from '../build-records.ts'
import { type GroupRecord, verifyGroupRecord } from '../group-records.ts'
import { applyGroupRecord, type GroupState } from '../group-state.ts'
import type { GroupRole } from '../roles.ts'

/** The clock of the fixtures: 2025-01-01T00:00:00Z. */
export const FIXTURE_NOW: Millis = 1_735_689_600_000

/** A stable identity per label (its seed is BLAKE3 of the label). */
export function personOf(label: string): Identity {
  return identityFromSeed(blake3(utf8(`distsoc group fixture ${label}`)))
}

/** A group as one honest node holds it: the log, the folded state and the current epoch secret. */
export interface FixtureGroup {
  log: Signed<GroupRecord>[]
  state: GroupState
  /** The current epoch's secret (the fixture's signers always make or hold it). */
  secret: Uint8Array
}

/** Verifies and folds `built` onto `group` as a receiving node does; returns the new group (the old one is untouched). */
export async function applyBuilt(group: FixtureGroup | undefined, built: BuiltRecord): Promise<FixtureGroup> {
  const verified = await verifyGroupRecord(built.signed, FIXTURE_NOW + 60_000)
  const state = applyGroupRecord(group?.state, verified)
  const secret = built.epochSecret ?? group?.secret
  if (secret === undefined) throw new Error('fixture: no epoch secret')
  return { log: [...(group?.log ?? []), verified], state, secret }
}

/** A group created by `admin`, then each of `members` added by the admin with its role. */
export async function groupWith(
  admin: Identity,
  members: readonly (readonly [Identity, GroupRole])[],
  random: RandomSource = randomBytes,
  name = 'Fixture group',
): Promise<FixtureGroup> {
  let group = await applyBuilt(undefined, await buildCreate(admin, name, FIXTURE_NOW, random))
  for (const [who, role] of members) {
    const add = await buildAdd(admin, group.state, group.secret, who.nodeId, role, FIXTURE_NOW, random)
    group = await applyBuilt(group, add)
  }
  return group
}
