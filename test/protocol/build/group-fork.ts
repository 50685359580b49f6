/**
 * Fork cases of docs/protocol/groups.md "Forks" for vectors/group-sync.json: a held log and an
 * incoming branch, each as an answer frame, with what merging the branch into the held log must
 * give — the winner by the order (higher role at the parent, then the smaller record id), or the
 * error of a refused fork (a Poster's, one deeper than 32 records).
 */

import type { GroupRecord } from '../../../src/core/groups/index.ts'
import {
  applyGroupRecord,
  type BuiltRecord,
  buildAdd,
  buildCreate,
  buildLeave,
  buildSetRole,
  FORK_LIMITS,
  type GroupState,
  groupRecordId,
  verifyGroupRecord,
} from '../../../src/core/groups/index.ts'
import type { Identity } from '../../../src/core/model/identity.ts'
import type { Signed } from '../../../src/core/model/index.ts'
import { deterministicRandom } from '../../../src/core/model/test-support/fixtures.ts'
import type { GroupId } from '../../../src/core/model/types.ts'
import { ALICE, BOB, CAROL, NOW } from './common.ts'

type Rec = Signed<GroupRecord>

/** The fork cases; `answer` turns a log's records into an answer frame's hex. */
export async function buildGroupForkCases(answer: (group: GroupId, records: Rec[]) => string) {
  const random = deterministicRandom('distsoc group fork vector')
  const create = await buildCreate(ALICE, 'Fork vector group', NOW, random)
  let state = applyGroupRecord(undefined, await verifyGroupRecord(create.signed, NOW))
  const log: Rec[] = [create.signed]
  const take = async (b: BuiltRecord, s: GroupState): Promise<GroupState> => {
    log.push(b.signed)
    return applyGroupRecord(s, await verifyGroupRecord(b.signed, NOW))
  }
  state = await take(
    await buildAdd(ALICE, state, create.epochSecret as Uint8Array, BOB.nodeId, 'admin', NOW + 1, random),
    state,
  )
  state = await take(
    await buildAdd(ALICE, state, create.epochSecret as Uint8Array, CAROL.nodeId, 'poster', NOW + 2, random),
    state,
  )
  const parent = state
  const common = [...log]
  // Two admins change Carol's role on the same head: the smaller record id wins.
  const byAlice = (await buildSetRole(ALICE, parent, CAROL.nodeId, 'viewer', NOW + 3)).signed
  const byBob = (await buildSetRole(BOB, parent, CAROL.nodeId, 'moderator', NOW + 3)).signed
  const [win, lose] = groupRecordId(byAlice) < groupRecordId(byBob) ? [byAlice, byBob] : [byBob, byAlice]
  const leave = (await buildLeave(CAROL, parent, NOW + 3)).signed
  // A loser branch deeper than the final depth: the loser's author toggles Carol's role on top of it.
  const deep: Rec[] = [lose]
  let s = applyGroupRecord(parent, await verifyGroupRecord(lose, NOW))
  const author: Identity = lose === byAlice ? ALICE : BOB
  for (let i = 0; i < FORK_LIMITS.depth; i++) {
    const next = (await buildSetRole(author, s, CAROL.nodeId, i % 2 === 0 ? 'poster' : 'viewer', NOW + 4 + i))
      .signed
    s = applyGroupRecord(s, await verifyGroupRecord(next, NOW))
    deep.push(next)
  }
  const frame = (records: Rec[]) => answer(parent.id, records)
  return [
    {
      name: "two Admins' branches at one parent, the losing one held: the winner (smaller record id) displaces it",
      held: frame([...common, lose]),
      incoming: frame([win]),
      outcome: 'adopt',
      at: 3,
      winner: groupRecordId(win),
    },
    {
      name: "two Admins' branches at one parent, the winning one held: the incoming branch loses, nothing written",
      held: frame([...common, win]),
      incoming: frame([lose]),
      outcome: 'lost',
      at: 3,
      winner: groupRecordId(win),
    },
    {
      name: "a Poster's fork (Carol's leave on the head an Admin already signed on)",
      held: frame([...common, win]),
      incoming: frame([leave]),
      error: 'GroupConflictError',
    },
    {
      name: `a winning Admin's branch whose parent is ${FORK_LIMITS.depth + 1} records deep in the held log`,
      held: frame([...common, ...deep]),
      incoming: frame([win]),
      error: 'GroupConflictError',
    },
  ]
}
