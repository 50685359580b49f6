/**
 * The cap on retired epoch keys against an Admin who forks endlessly (issue 14; docs/protocol/
 * groups.md "Forks"): a real node (NodeService over sql.js) takes a hostile Admin's forks one after
 * another — each round a rekey that loses, a post under its key, then a rekey that wins — and never
 * holds more than FORK_LIMITS.retiredKeysPerGroup retired keys of the group; the oldest go first,
 * and a post under the current key or one of the most recent retired keys stays readable.
 */
import initSqlJs from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  applyGroupRecord,
  type BuiltRecord,
  beatsInFork,
  buildAdd,
  buildCreate,
  buildRekey,
  type EpochKeySource,
  encryptForGroup,
  FORK_LIMITS,
  type GroupState,
  verifyGroupRecord,
} from '../groups/index.ts'
import { createPost, generateIdentity, type Identity } from '../model/index.ts'
import type { GroupId, PostId, SignedPost, Verified } from '../model/types.ts'
import { encodeBody } from './encrypted-body.ts'
import { acceptGroupRecords } from './group-service.ts'
import { groupAskFor, takeGroupAnswer } from './group-sync.ts'
import { nodeSyncDeps } from './node-sync.ts'
import { dumpStore } from './test-support/group-peers.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const FORKS = 100
const CAP = FORK_LIMITS.retiredKeysPerGroup

let bob: OfflinePerson
let mallory: Identity
let group: GroupId
/** A post under the losing key of each round, made before that round's repair and delivered after all of them. */
const lateByRound: { epoch: number; post: SignedPost }[] = []

const stateOf = (): GroupState => bob.store.getGroup(group)!.state
const retiredRows = () =>
  bob.store.db.all<{ epoch: number; epoch_pub: Uint8Array }>(
    'SELECT epoch, epoch_pub FROM group_retired_keys WHERE group_id = ? ORDER BY epoch',
    [group],
  )

async function groupPost(epoch: { epoch: number; pub: Uint8Array }, text: string): Promise<SignedPost> {
  const now = Date.now()
  const sealed = await encryptForGroup(
    {
      plaintext: encodeBody({ kind: 'post', text }),
      attachments: [],
      author: mallory.nodeId,
      created_at: now,
    },
    { group, ...epoch },
  )
  return createPost(
    { identity: mallory, content: sealed.content, attachments: [], created_at: now },
    sealed.visibility,
  )
}

async function send(built: BuiltRecord): Promise<void> {
  const ctx = bob.node.context
  const answer = { v: 1 as const, logs: [{ group, records: [built.signed as never] }], more: false }
  const taken = await takeGroupAnswer(ctx, groupAskFor(ctx, mallory.nodeId), answer)
  expect(taken.refused).toEqual({})
}

const deliver = (post: SignedPost) =>
  nodeSyncDeps(bob.node.context).store.putPost(post as Verified<SignedPost>)

const textOf = async (id: PostId): Promise<string | null | undefined> =>
  (await bob.call('groups.feed', { id: group, limit: 500 })).posts.find((p) => p.id === id)?.content

beforeAll(async () => {
  bob = await offlinePerson(SQL, 'Bob')
  mallory = generateIdentity()
  const create = await buildCreate(mallory, 'Endless forks', Date.now())
  const s0 = applyGroupRecord(undefined, await verifyGroupRecord(create.signed, Date.now()))
  const add = await buildAdd(mallory, s0, create.epochSecret!, bob.id, 'poster', Date.now())
  group = (await acceptGroupRecords(bob.node.context, [create.signed, add.signed]))!.id
  await bob.call('groups.acceptInvite', { id: group })
  let most = 0
  for (let round = 0; round < FORKS; round++) {
    const parent = stateOf()
    const [a, b] = [
      await buildRekey(mallory, parent, Date.now()),
      await buildRekey(mallory, parent, Date.now()),
    ]
    const [winner, loser] = beatsInFork(parent, a.signed, b.signed) ? [a, b] : [b, a]
    await send(loser)
    const lost = loser.signed.record as { epoch: number; epoch_pub: Uint8Array }
    lateByRound.push({
      epoch: lost.epoch,
      post: await groupPost({ epoch: lost.epoch, pub: lost.epoch_pub }, `round ${round}`),
    })
    await send(winner)
    expect(stateOf().head).not.toBe(parent.head)
    most = Math.max(most, retiredRows().length)
  }
  expect(most).toBe(CAP)
}, 120_000)

describe(`an Admin who forks ${FORKS} times, each time with a rekey`, () => {
  it(`leaves at most ${CAP} retired keys of the group, the oldest gone first`, () => {
    const rows = retiredRows()
    expect(rows.length).toBe(CAP)
    const kept = rows.map((r) => r.epoch)
    const newest = lateByRound.slice(-CAP).map((r) => r.epoch)
    expect(kept).toEqual(newest)
    expect(stateOf().epoch).toBe(FORKS)
  })

  it('keeps a post of the current epoch and of the most recent retired keys readable, not of the dropped ones', async () => {
    const state = stateOf()
    const current = await groupPost({ epoch: state.epoch, pub: state.epoch_pub }, 'the current key')
    await deliver(current)
    expect(await textOf(current.id)).toBe('the current key')
    for (const { post } of lateByRound) await deliver(post)
    const texts = await Promise.all(lateByRound.map(({ post }) => textOf(post.id)))
    const readable = texts.flatMap((t, i) => (typeof t === 'string' ? [i] : []))
    expect(readable).toEqual(Array.from({ length: CAP }, (_, i) => FORKS - CAP + i))
    expect(texts[FORKS - 1]).toBe(`round ${FORKS - 1}`)
    expect(texts[0]).toBeNull()
  })
})

describe('retiring keys with bad arguments', () => {
  const good = (): EpochKeySource => {
    const held = bob.store.retiredGroupKeys(group, FORKS)[0]!
    return { ...held, epoch: FORKS + 1 }
  }
  const cases: [string, () => void, string?][] = [
    ['a group id that is not one', () => bob.store.retireGroupKeys('nope' as GroupId, [good()], 1)],
    ['a negative epoch', () => bob.store.retireGroupKeys(group, [{ ...good(), epoch: -1 }], 1)],
    ['a fractional epoch', () => bob.store.retireGroupKeys(group, [{ ...good(), epoch: 1.5 }], 1)],
    [
      'a short epoch key',
      () => bob.store.retireGroupKeys(group, [{ ...good(), epoch_pub: new Uint8Array(31) }], 1),
    ],
    [
      'an ephemeral key that is not bytes',
      () => bob.store.retireGroupKeys(group, [{ ...good(), ephemeral_pub: 'x' as never }], 1),
    ],
    [
      'keys that are not a list',
      () => bob.store.retireGroupKeys(group, [{ ...good(), keys: {} as never }], 1),
    ],
    [
      'a key wrapped for nobody',
      () =>
        bob.store.retireGroupKeys(
          group,
          [{ ...good(), keys: [{ member: 'x' as never, wrapped: new Uint8Array(73) }] }],
          1,
        ),
      'InvalidNodeIdError',
    ],
    ['sources that are not a list', () => bob.store.retireGroupKeys(group, 'x' as never, 1)],
    [
      `more than ${CAP} sources at once`,
      () => bob.store.retireGroupKeys(group, Array(CAP + 1).fill(good()), 1),
      'TooLargeError',
    ],
    ['a time that is not one', () => bob.store.retireGroupKeys(group, [good()], Number.NaN)],
    [
      'a good source after a bad one',
      () => bob.store.retireGroupKeys(group, [good(), { ...good(), epoch: -2 }], 1),
    ],
  ]
  it.each(cases)(
    'refuses %s with a typed error and writes nothing',
    (_what, call, name = 'ValidationError') => {
      const before = dumpStore(bob.store)
      expect(call).toThrowError(expect.objectContaining({ name }) as Error)
      expect(dumpStore(bob.store)).toBe(before)
    },
  )
})
