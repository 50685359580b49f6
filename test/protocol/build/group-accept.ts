/**
 * Vectors of docs/protocol/groups.md "Accepting an invitation": a log in which Alice invites Bob
 * and Carol and Bob signs his accept (Bob joined, Carol only invited), and records appended to it
 * that every node must refuse with the error named — a non-invitee's accept, an accept forged in
 * Bob's name, Bob's second accept, the creator's accept, an accept with a field it does not have.
 */
import {
  applyGroupRecord,
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildCreate,
  type GroupRecord,
  type GroupState,
  groupRecordId,
  verifyGroupRecord,
} from '../../../src/core/groups/index.ts'
import { encodeCanonical, type Signed } from '../../../src/core/model/index.ts'
import { deterministicRandom } from '../../../src/core/model/test-support/fixtures.ts'
import { ALICE, BOB, CAROL, hex, MALLORY, NOW } from './common.ts'

type Rec = Signed<GroupRecord>
const recordHex = (r: Rec | Record<string, unknown>) => hex(encodeCanonical(r))

/** The accept vectors. */
export async function buildGroupAcceptVectors() {
  const random = deterministicRandom('distsoc group accept vector')
  const log: Rec[] = []
  let state: GroupState | undefined
  const take = async (b: BuiltRecord): Promise<GroupState> => {
    log.push(b.signed)
    state = applyGroupRecord(state, await verifyGroupRecord(b.signed, NOW))
    return state
  }
  const create = await buildCreate(ALICE, 'Accept vector group', NOW, random)
  const secret = create.epochSecret as Uint8Array
  let s = await take(create)
  s = await take(await buildAdd(ALICE, s, secret, BOB.nodeId, 'poster', NOW + 1, random))
  s = await take(await buildAdd(ALICE, s, secret, CAROL.nodeId, 'viewer', NOW + 2, random))
  const invited = s
  s = await take(await buildAccept(BOB, invited, NOW + 3))
  const byMallory = (await buildAccept(MALLORY, s, NOW + 4)).signed
  const again = (await buildAccept(BOB, s, NOW + 4)).signed
  const byAlice = (await buildAccept(ALICE, s, NOW + 4)).signed
  const carols = (await buildAccept(CAROL, s, NOW + 4)).signed
  const invalid = (name: string, record: Rec | Record<string, unknown>, error: string) => ({
    name,
    record: recordHex(record),
    error,
  })
  return {
    description:
      'docs/protocol/groups.md "Accepting an invitation". `log` is a group log, each entry hex canonical CBOR of a Signed<GroupRecord>; folding it with verifyGroupRecord (at `now`) and applyGroupRecord gives `expected`. `then_valid` is one more record that folds onto it; each `invalid` record, appended to `log` instead, must be refused with `error` and change nothing.',
    now: NOW + 60_000,
    log: log.map(recordHex),
    expected: {
      seq: s.seq,
      head: s.head,
      members: [...s.members.keys()].sort(),
      pending: [...s.pending].sort(),
    },
    then_valid: {
      name: "Carol's accept: now every member has joined",
      record: recordHex(carols),
      head: groupRecordId(carols),
      pending: [],
    },
    invalid: [
      invalid('an accept by someone never invited', byMallory, 'NotAGroupMemberError'),
      invalid(
        "an accept in Bob's name signed by Mallory",
        { record: { ...byMallory.record, author: BOB.nodeId }, signature: byMallory.signature },
        'InvalidSignatureError',
      ),
      invalid("Bob's second accept of the same invitation", again, 'GroupConflictError'),
      invalid("the creator's accept (never invited)", byAlice, 'GroupConflictError'),
      invalid("Bob's accept replayed at its own seq", log[3] as Rec, 'GroupConflictError'),
      invalid(
        'an accept carrying a role',
        { record: { ...carols.record, role: 'admin' }, signature: carols.signature },
        'ValidationError',
      ),
      invalid(
        'an accept without prev',
        {
          record: Object.fromEntries(Object.entries(carols.record).filter(([k]) => k !== 'prev')),
          signature: carols.signature,
        },
        'ValidationError',
      ),
    ],
  }
}
