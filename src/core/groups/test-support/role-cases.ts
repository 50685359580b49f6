/**
 * The role matrix of issue 14 as data, shared by the fold's unit tests (group-state.test.ts) and
 * the store-level test (app/group-roles.test.ts): for each kind of record (and a group post), which
 * of Admin / Moderator / Poster / Viewer / a non-member may sign it, and the typed error otherwise.
 */
import type { Identity } from '../../model/index.ts'
import type { PostId } from '../../model/types.ts'
import {
  type BuiltRecord,
  buildAccept,
  buildAdd,
  buildCreate,
  buildDeletePost,
  buildLeave,
  buildRekey,
  buildRemove,
  buildSetRole,
} from '../build-records.ts'
import type { GroupState } from '../group-state.ts'
import { FIXTURE_NOW, personOf } from './group-fixture.ts'

/** Who signs. */
export type Actor = 'admin' | 'moderator' | 'poster' | 'viewer' | 'non-member'
/** Every actor, most privileged first. */
export const ACTORS: readonly Actor[] = ['admin', 'moderator', 'poster', 'viewer', 'non-member']

/** The people of the matrix: one per actor, a second viewer to act on, and a newcomer to add. */
export interface Cast {
  actors: Record<Actor, Identity>
  otherViewer: Identity
  newcomer: Identity
}

/** The cast with fixed identities except the admin (a node under test brings its own). */
export function castWith(admin: Identity): Cast {
  return {
    actors: {
      admin,
      moderator: personOf('moderator'),
      poster: personOf('poster'),
      viewer: personOf('viewer'),
      'non-member': personOf('outsider'),
    },
    otherViewer: personOf('other viewer'),
    newcomer: personOf('newcomer'),
  }
}

/** The members every matrix group has besides its admin, with their roles. */
export const castMembers = (cast: Cast) =>
  [
    [cast.actors.moderator, 'moderator'],
    [cast.actors.poster, 'poster'],
    [cast.actors.viewer, 'viewer'],
    [cast.otherViewer, 'viewer'],
  ] as const

/** What signing a record does: 'ok', or the name of the typed error every node raises. */
export type Outcome = 'ok' | string

/** One row of the matrix: how the actor builds the record and the outcome for each actor. */
export interface RecordRow {
  record: string
  build(signer: Identity, cast: Cast, state: GroupState, secret: Uint8Array): Promise<BuiltRecord>
  outcomes: Record<Actor, Outcome>
}

const at = FIXTURE_NOW + 1000
const ROLE = 'GroupRoleError'
const NOT_MEMBER = 'NotAGroupMemberError'
const CONFLICT = 'GroupConflictError'

/** Every record kind (docs/protocol/groups.md "Records"), with who may sign it. */
export const RECORD_ROWS: readonly RecordRow[] = [
  {
    record: 'create (of a new group)',
    build: (s) => buildCreate(s, 'Another group', at),
    outcomes: { admin: 'ok', moderator: 'ok', poster: 'ok', viewer: 'ok', 'non-member': 'ok' },
  },
  {
    record: 'add (a viewer)',
    build: (s, c, st, k) => buildAdd(s, st, k, c.newcomer.nodeId, 'viewer', at),
    outcomes: { admin: 'ok', moderator: 'ok', poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'add (a moderator)',
    build: (s, c, st, k) => buildAdd(s, st, k, c.newcomer.nodeId, 'moderator', at),
    outcomes: { admin: 'ok', moderator: ROLE, poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'set-role (a viewer to poster)',
    build: (s, c, st) => buildSetRole(s, st, c.otherViewer.nodeId, 'poster', at),
    outcomes: { admin: 'ok', moderator: ROLE, poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'remove (a viewer)',
    build: (s, c, st) => buildRemove(s, st, c.otherViewer.nodeId, at),
    outcomes: { admin: 'ok', moderator: 'ok', poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'remove (a moderator)',
    build: (s, c, st) => buildRemove(s, st, c.actors.moderator.nodeId, at),
    // The moderator removing itself is refused too: it must leave instead.
    outcomes: {
      admin: 'ok',
      moderator: 'ValidationError',
      poster: ROLE,
      viewer: ROLE,
      'non-member': NOT_MEMBER,
    },
  },
  {
    record: 'rekey',
    build: (s, _c, st) => buildRekey(s, st, at),
    outcomes: { admin: 'ok', moderator: 'ok', poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'delete-post',
    build: (s, _c, st) => buildDeletePost(s, st, 'ab'.repeat(32) as PostId, at),
    outcomes: { admin: 'ok', moderator: 'ok', poster: ROLE, viewer: ROLE, 'non-member': NOT_MEMBER },
  },
  {
    record: 'leave',
    build: (s, _c, st) => buildLeave(s, st, at),
    // The only admin may not leave a group with other members in it.
    outcomes: {
      admin: 'ValidationError',
      moderator: 'ok',
      poster: 'ok',
      viewer: 'ok',
      'non-member': NOT_MEMBER,
    },
  },
  {
    record: 'accept (of their own invitation)',
    build: (s, _c, st) => buildAccept(s, st, at),
    // Every invited member may accept, whatever the role; the creator was never invited.
    outcomes: { admin: CONFLICT, moderator: 'ok', poster: 'ok', viewer: 'ok', 'non-member': NOT_MEMBER },
  },
]

/** Who may post in the group (a group post is checked against the author's role on every node). */
export const POST_OUTCOMES: Record<Actor, Outcome> = {
  admin: 'ok',
  moderator: 'ok',
  poster: 'ok',
  viewer: ROLE,
  'non-member': NOT_MEMBER,
}
