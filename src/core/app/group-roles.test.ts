/**
 * The role matrix of issue 14 at a real node (sql.js store): every record a role may not sign, and
 * a Viewer's or non-member's group post, arrive as a sync would hand them over and are refused with
 * their typed error, the database byte for byte as it was.
 */
import initSqlJs from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { encryptForGroup } from '../groups/index.ts'
import {
  ACTORS,
  type Cast,
  castMembers,
  castWith,
  POST_OUTCOMES,
  RECORD_ROWS,
} from '../groups/test-support/role-cases.ts'
import { createPost } from '../model/index.ts'
import type { GroupId } from '../model/types.ts'
import type { Store } from '../storage/index.ts'
import { acceptGroupRecord, groupKeyring } from './group-service.ts'
import { nodeVerifier } from './node-sync.ts'
import { type OfflinePerson, offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const now = 1_800_000_000_000

function dump(s: Store): string {
  const tables = s.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return JSON.stringify(tables.map(({ name }) => [name, s.db.all(`SELECT * FROM "${name}"`)]))
}

let alice: OfflinePerson
let cast: Cast
let group: GroupId

beforeAll(async () => {
  alice = await offlinePerson(SQL, 'Alice', { clock: { now: () => now } })
  cast = castWith(alice.node.context.identity!)
  group = (await alice.node.handlers['groups.create']({ name: 'Roles' })).id
  for (const [who, role] of castMembers(cast))
    await alice.node.handlers['groups.invite']({ id: group, target: who.nodeId, role })
})

const label = (actor: string) => (actor === 'non-member' ? 'a non-member' : `the ${actor}`)

describe('a node refuses records a role may not sign, writing nothing', () => {
  for (const row of RECORD_ROWS) {
    for (const actor of ACTORS) {
      const outcome = row.outcomes[actor]
      if (outcome === 'ok' || row.record.startsWith('create')) continue
      it(`refuses a ${row.record} by ${label(actor)} with ${outcome}`, async () => {
        const { state } = alice.store.getGroup(group)!
        const secret = (await groupKeyring(alice.node.context).secret(group, state.epoch))!
        const built = await row.build(cast.actors[actor], cast, state, secret)
        const before = dump(alice.store)
        await expect(acceptGroupRecord(alice.node.context, built.signed)).rejects.toMatchObject({
          name: outcome,
        })
        expect(dump(alice.store)).toBe(before)
      })
    }
  }
})

describe('a node refuses group posts a role may not make, writing nothing', () => {
  for (const actor of ACTORS) {
    const outcome = POST_OUTCOMES[actor]
    if (outcome === 'ok') continue
    it(`refuses a group post by ${label(actor)} with ${outcome}`, async () => {
      const { state } = alice.store.getGroup(group)!
      const author = cast.actors[actor]
      const sealed = await encryptForGroup(
        { author: author.nodeId, created_at: now, plaintext: 'post\nnot allowed', attachments: [] },
        { group, epoch: state.epoch, pub: state.epoch_pub },
      )
      const post = await createPost(
        { identity: author, created_at: now, content: sealed.content, attachments: [] },
        sealed.visibility,
      )
      const before = dump(alice.store)
      await expect(nodeVerifier(alice.node.context).verifyPost(post, now)).rejects.toMatchObject({
        name: outcome,
      })
      expect(dump(alice.store)).toBe(before)
    })
  }
})
