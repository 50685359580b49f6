/**
 * Vectors of docs/protocol/groups.md "Sync" (`/distsoc/groups/1.0.0`): the ask and the answer
 * frames, and the hold and receipt of "Anchors hold group logs" (`/distsoc/group-hold/1.0.0`), from fixed identities and deterministic randomness (a group Alice created and invited
 * Bob to), and invalid frames — of shape, of bounds, and of the records inside — each with the
 * error the receiving side must raise.
 */
import {
  applyGroupRecord,
  buildAdd,
  buildCreate,
  buildSetRole,
  GROUP_SYNC_LIMITS,
  verifyGroupRecord,
} from '../../../src/core/groups/index.ts'
import { deterministicRandom } from '../../../src/core/model/test-support/fixtures.ts'
import type { GroupId } from '../../../src/core/model/types.ts'
import { encodeFrame } from '../../../src/core/net/frames.ts'
import { ALICE, BOB, cbor, frameOf, hex, NOW, varint } from './common.ts'
import { buildGroupForkCases } from './group-fork.ts'

const CAP = GROUP_SYNC_LIMITS.answerBytes
const frame = (value: unknown) => hex(encodeFrame(value, CAP))
const loose = (value: unknown) => hex(frameOf(cbor(value)))
const OTHER = '6c'.repeat(32) as GroupId

/** The group-sync vectors. */
export async function buildGroupSyncVectors() {
  const random = deterministicRandom('distsoc group sync vector')
  const create = await buildCreate(ALICE, 'Vector group', NOW, random)
  const s0 = applyGroupRecord(undefined, await verifyGroupRecord(create.signed, NOW))
  const add = await buildAdd(
    ALICE,
    s0,
    create.epochSecret as Uint8Array,
    BOB.nodeId,
    'poster',
    NOW + 1,
    random,
  )
  const s1 = applyGroupRecord(s0, await verifyGroupRecord(add.signed, NOW))
  const promote = await buildSetRole(BOB, s1, BOB.nodeId, 'admin', NOW + 2)
  const group = s0.id
  const forged = { ...add.signed, signature: add.signed.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }
  const answer = (records: unknown[], more = false) => ({ v: 1, logs: [{ group, records }], more })
  const heads = (n: number) => Array.from({ length: n }, (_, i) => [i.toString(16).padStart(64, '0'), 0])
  return {
    description:
      'docs/protocol/groups.md "Sync". One frame each way on a fresh stream of /distsoc/groups/1.0.0 (framing.md, cap 260 KiB). Ask: {v: 1, heads: [[group id, seq of the last record held], …]} (≤ 256, no group twice, seq < 4096). Answer: {v: 1, logs: [{group, records: [signed group record, …]}, …], more: bool} (≤ 64 logs, ≤ 512 records in all, no empty log, no group twice). Hold (/distsoc/group-hold/1.0.0, groups.md "Anchors hold group logs"): {v: 1, probe: [group id, …] (≤ 256, no group twice), logs: as in an answer}. Receipt: {v: 1, heads: [[group id, seq], …], refused: [[group id, error name ≤ 64 chars], …]}. `op` says which side parses; for an answer or a hold the test also verifies every record at `now` and folds each log from its create record. Forks (groups.md "Forks"): `held` and `incoming` are answer frames of one group; merging the incoming branch into the held log gives `outcome` (adopt: the branch displaces the held records from seq `at`; lost: nothing written) with the fork\'s `winner` record id, or raises `error`.',
    now: NOW,
    forks: await buildGroupForkCases((id, records) =>
      frame({ v: 1, logs: [{ group: id, records }], more: false }),
    ),
    valid: [
      { name: 'ask naming one group', op: 'ask', hex: frame({ v: 1, heads: [[group, 0]] }) },
      {
        name: 'ask naming nothing (only invitations can come back)',
        op: 'ask',
        hex: frame({ v: 1, heads: [] }),
      },
      {
        name: "answer with a group's log: Alice's create and her add of Bob",
        op: 'answer',
        group,
        members: [ALICE.nodeId, BOB.nodeId],
        hex: frame(answer([create.signed, add.signed])),
      },
      { name: 'empty answer', op: 'answer', hex: frame({ v: 1, logs: [], more: false }) },
      { name: 'hold probing one group', op: 'hold', hex: frame({ v: 1, probe: [group], logs: [] }) },
      {
        name: "hold handing an anchor a group's log: Alice's create and her add of Bob",
        op: 'hold',
        group,
        members: [ALICE.nodeId, BOB.nodeId],
        hex: frame({ v: 1, probe: [], logs: [{ group, records: [create.signed, add.signed] }] }),
      },
      {
        name: 'receipt with the anchor head of one group and a refused log',
        op: 'receipt',
        hex: frame({ v: 1, heads: [[group, 1]], refused: [[OTHER, 'NotAnAnchorUserError']] }),
      },
    ],
    invalid: [
      { name: 'ask: not CBOR', op: 'ask', hex: hex(frameOf(Uint8Array.of(0xff))), error: 'MalformedError' },
      { name: 'ask: not a map', op: 'ask', hex: loose([1, []]), error: 'MalformedError' },
      {
        name: 'ask: an extra key',
        op: 'ask',
        hex: loose({ v: 1, heads: [], since: 0 }),
        error: 'MalformedError',
      },
      { name: 'ask: v 2', op: 'ask', hex: loose({ v: 2, heads: [] }), error: 'MalformedError' },
      {
        name: 'ask: a negative seq',
        op: 'ask',
        hex: loose({ v: 1, heads: [[group, -1]] }),
        error: 'MalformedError',
      },
      {
        name: 'ask: a seq past the log bound',
        op: 'ask',
        hex: loose({ v: 1, heads: [[group, 4096]] }),
        error: 'TooLargeError',
      },
      {
        name: 'ask: not a group id',
        op: 'ask',
        hex: loose({ v: 1, heads: [['zz', 0]] }),
        error: 'MalformedError',
      },
      {
        name: 'ask: a group twice',
        op: 'ask',
        hex: loose({
          v: 1,
          heads: [
            [group, 0],
            [group, 1],
          ],
        }),
        error: 'MalformedError',
      },
      { name: 'ask: 257 heads', op: 'ask', hex: loose({ v: 1, heads: heads(257) }), error: 'TooLargeError' },
      { name: 'answer: no more', op: 'answer', hex: loose({ v: 1, logs: [] }), error: 'MalformedError' },
      {
        name: 'answer: more not a boolean',
        op: 'answer',
        hex: loose({ v: 1, logs: [], more: 1 }),
        error: 'MalformedError',
      },
      { name: 'answer: an empty log', op: 'answer', hex: loose(answer([])), error: 'MalformedError' },
      {
        name: 'answer: a group twice',
        op: 'answer',
        hex: loose({
          v: 1,
          logs: [
            { group, records: [create.signed] },
            { group, records: [add.signed] },
          ],
          more: false,
        }),
        error: 'MalformedError',
      },
      {
        name: 'answer: 65 logs',
        op: 'answer',
        hex: loose({
          v: 1,
          logs: Array.from({ length: 65 }, (_, i) => ({
            group: i.toString(16).padStart(64, '0'),
            records: [{}],
          })),
          more: false,
        }),
        error: 'TooLargeError',
      },
      {
        name: 'answer: 513 records',
        op: 'answer',
        hex: loose(answer(Array.from({ length: 513 }, () => ({})))),
        error: 'TooLargeError',
      },
      {
        name: 'answer: a record that is not a map',
        op: 'answer',
        hex: loose(answer([7])),
        error: 'MalformedError',
      },
      {
        name: 'answer: a frame declaring more than 260 KiB (refused on its length prefix)',
        op: 'answer',
        hex: hex(varint(CAP + 1)),
        error: 'FrameTooLargeError',
      },
      {
        name: 'answer: a record whose signature does not verify',
        op: 'answer',
        hex: frame(answer([create.signed, forged])),
        error: 'InvalidSignatureError',
      },
      {
        name: 'answer: a record signed by a Poster (his own promotion to admin)',
        op: 'answer',
        hex: frame(answer([create.signed, add.signed, promote.signed])),
        error: 'GroupRoleError',
      },
      { name: 'hold: no probe', op: 'hold', hex: loose({ v: 1, logs: [] }), error: 'MalformedError' },
      {
        name: 'hold: a group probed twice',
        op: 'hold',
        hex: loose({ v: 1, probe: [group, group], logs: [] }),
        error: 'MalformedError',
      },
      {
        name: 'hold: 257 groups probed',
        op: 'hold',
        hex: loose({ v: 1, probe: heads(257).map((h) => h[0]), logs: [] }),
        error: 'TooLargeError',
      },
      {
        name: 'hold: a record whose signature does not verify',
        op: 'hold',
        hex: frame({ v: 1, probe: [], logs: [{ group, records: [create.signed, forged] }] }),
        error: 'InvalidSignatureError',
      },
      {
        name: 'receipt: a negative seq',
        op: 'receipt',
        hex: loose({ v: 1, heads: [[group, -1]], refused: [] }),
        error: 'MalformedError',
      },
      {
        name: 'receipt: an error name over 64 characters',
        op: 'receipt',
        hex: loose({ v: 1, heads: [], refused: [[group, 'E'.repeat(65)]] }),
        error: 'MalformedError',
      },
      {
        name: 'answer: a record out of order (the add without the create)',
        op: 'answer',
        hex: frame({ v: 1, logs: [{ group: OTHER, records: [add.signed] }], more: false }),
        error: 'GroupConflictError',
      },
    ],
  }
}
